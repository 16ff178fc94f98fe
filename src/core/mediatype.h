/*
 * Content-Type checks: "application/json; charset=utf-8" is JSON, and so is
 * "Application/JSON"; "application/json; charset=latin1" is not.
 */
#ifndef ASR_CORE_MEDIATYPE_H
#define ASR_CORE_MEDIATYPE_H

int	mediatype_is(const char *, const char *);

#endif
