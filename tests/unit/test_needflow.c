/*
 * Unit tests for src/core/needflow.c: every action from every status, for
 * buyers and staff, with and without validation.
 */
#include <stddef.h>

#include <criterion/criterion.h>

#include "core/needflow.h"

static const char *const statuses[] = { "draft", "pending_validation",
	"published", "closed", "awarded", "cancelled" };

#define NSTATUSES	(sizeof(statuses) / sizeof(statuses[0]))

/* Which statuses the step starts from, as a bit per statuses[] entry. */
static int
starts(int action, int staff, int validation, const char **to)
{
	struct needflow	step;
	size_t		i;
	int		bits = 0;

	cr_assert(needflow_step(action, staff, validation, &step));
	for (i = 0; i < NSTATUSES; i++)
		if (needflow_allows(&step, statuses[i]))
			bits |= 1 << i;
	*to = step.to;
	return (bits);
}

Test(needflow, buyer_publishes_a_draft)
{
	const char	*to;

	cr_assert_eq(starts(NEED_ACTION_PUBLISH, 0, 0, &to), 0x01);
	cr_assert_str_eq(to, "published");
}

Test(needflow, buyer_submits_when_validation_is_required)
{
	const char	*to;

	cr_assert_eq(starts(NEED_ACTION_PUBLISH, 0, 1, &to), 0x01);
	cr_assert_str_eq(to, "pending_validation");
}

Test(needflow, staff_publication_validates)
{
	const char	*to;

	cr_assert_eq(starts(NEED_ACTION_PUBLISH, 1, 1, &to), 0x03);
	cr_assert_str_eq(to, "published");
	cr_assert_eq(starts(NEED_ACTION_PUBLISH, 1, 0, &to), 0x03);
}

Test(needflow, ends)
{
	const char	*to;

	cr_assert_eq(starts(NEED_ACTION_CLOSE, 0, 0, &to), 0x04);
	cr_assert_str_eq(to, "closed");
	cr_assert_eq(starts(NEED_ACTION_AWARD, 1, 0, &to), 0x0c);
	cr_assert_str_eq(to, "awarded");
	cr_assert_eq(starts(NEED_ACTION_CANCEL, 0, 1, &to), 0x07);
	cr_assert_str_eq(to, "cancelled");
}

Test(needflow, unknown_action_and_status)
{
	struct needflow	step;

	cr_assert_not(needflow_step(0, 0, 0, &step));
	cr_assert_not(needflow_step(99, 1, 1, &step));
	cr_assert(needflow_step(NEED_ACTION_CANCEL, 0, 0, &step));
	cr_assert_not(needflow_allows(&step, ""));
	cr_assert_not(needflow_allows(&step, "draf"));
	cr_assert_not(needflow_allows(&step, "validation"));
	cr_assert_not(needflow_allows(&step, "published,"));
}
