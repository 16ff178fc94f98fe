/*
 * asr-admin seal-people: identities sealed outside the server, for the
 * demo people (see seal_people.c).
 */
#ifndef ASR_CLI_SEAL_PEOPLE_H
#define ASR_CLI_SEAL_PEOPLE_H

int	seal_people(const char *);

#endif
