/*
 * The network domain's periodic job: needs whose deadline is near tell
 * their matched suppliers that have not answered yet.
 */
#ifndef ASR_NETWORK_JOBS_H
#define ASR_NETWORK_JOBS_H

void	network_jobs_init(void);

#endif
