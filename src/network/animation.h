/*
 * Territorial animation: events (awareness sessions, workshops,
 * inter-company meetings, trainings), steering bodies and committees, their
 * meetings and the action items decided there. Staff write; the member
 * organisations of a body read it, its meetings and its action items;
 * anyone reads the upcoming public events.
 */
#ifndef ASR_NETWORK_ANIMATION_H
#define ASR_NETWORK_ANIMATION_H

#include "http/http.h"

int	events_create(struct http_request *, struct asr_req *);
int	events_list(struct http_request *, struct asr_req *);
int	events_upcoming(struct http_request *, struct asr_req *);
int	events_get(struct http_request *, struct asr_req *);
int	events_update(struct http_request *, struct asr_req *);

int	bodies_create(struct http_request *, struct asr_req *);
int	bodies_list(struct http_request *, struct asr_req *);
int	bodies_get(struct http_request *, struct asr_req *);
int	bodies_update(struct http_request *, struct asr_req *);

int	meetings_create(struct http_request *, struct asr_req *);
int	meetings_list(struct http_request *, struct asr_req *);
int	meetings_get(struct http_request *, struct asr_req *);
int	meetings_update(struct http_request *, struct asr_req *);

int	action_items_create(struct http_request *, struct asr_req *);
int	action_items_list(struct http_request *, struct asr_req *);
int	action_items_get(struct http_request *, struct asr_req *);
int	action_items_update(struct http_request *, struct asr_req *);

#endif
