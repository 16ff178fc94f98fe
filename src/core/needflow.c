/*
 * Transitions of a purchase need (see needflow.h). A buyer who publishes
 * while validation is required only submits the need; a facilitator's
 * publication is the validation.
 */
#include <stddef.h>
#include <string.h>

#include "core/needflow.h"

/*
 * action: NEED_ACTION_*; staff: the caller is a facilitator or an admin;
 * validation: facilitators must validate publications. Returns 0 for an
 * unknown action.
 */
int
needflow_step(int action, int staff, int validation, struct needflow *out)
{
	switch (action) {
	case NEED_ACTION_PUBLISH:
		if (staff) {
			out->from = "{draft,pending_validation}";
			out->to = "published";
		} else {
			out->from = "{draft}";
			out->to = validation ? "pending_validation" :
			    "published";
		}
		return (1);
	case NEED_ACTION_CLOSE:
		out->from = "{published}";
		out->to = "closed";
		return (1);
	case NEED_ACTION_AWARD:
		out->from = "{published,closed}";
		out->to = "awarded";
		return (1);
	case NEED_ACTION_CANCEL:
		out->from = "{draft,pending_validation,published}";
		out->to = "cancelled";
		return (1);
	}

	return (0);
}

/* Whether the step may start from status (for tests and callers alike). */
int
needflow_allows(const struct needflow *step, const char *status)
{
	const char	*p;
	size_t		 n;

	n = strlen(status);
	if (n == 0)
		return (0);
	for (p = step->from + 1; *p != '\0'; p++) {
		if (strncmp(p, status, n) == 0 &&
		    (p[n] == ',' || p[n] == '}') &&
		    (p[-1] == '{' || p[-1] == ','))
			return (1);
	}

	return (0);
}
