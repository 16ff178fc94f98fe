/*
 * Notifications: what a user is told in the application (a need matched
 * to its organisation, an answer received, a deadline near), read and
 * marked read by that user only. The same rows wait in the outbox table
 * for a mail sender.
 */
#ifndef ASR_NETWORK_NOTIFICATIONS_H
#define ASR_NETWORK_NOTIFICATIONS_H

#include "http/http.h"

int	notifications_list(struct http_request *, struct asr_req *);
int	notifications_read(struct http_request *, struct asr_req *);

#endif
