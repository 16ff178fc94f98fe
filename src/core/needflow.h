/*
 * The life of a purchase need: draft → pending_validation (when the
 * configuration asks facilitators to validate) → published → closed,
 * awarded or cancelled. needflow_step() says, for an action by a caller,
 * from which statuses it may start and where it leads; the database checks
 * the current status against it under the row's lock.
 */
#ifndef ASR_CORE_NEEDFLOW_H
#define ASR_CORE_NEEDFLOW_H

#define NEED_ACTION_PUBLISH	1
#define NEED_ACTION_CLOSE	2
#define NEED_ACTION_AWARD	3
#define NEED_ACTION_CANCEL	4

struct needflow {
	const char	*from;	/* PostgreSQL text[] literal */
	const char	*to;
};

int	needflow_step(int, int, int, struct needflow *);
int	needflow_allows(const struct needflow *, const char *);

#endif
