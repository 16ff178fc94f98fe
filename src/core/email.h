/*
 * E-mail addresses as accounts use them: a plausible shape, not RFC 5322
 * in full (the only real proof of an address is a message that arrives).
 */
#ifndef ASR_CORE_EMAIL_H
#define ASR_CORE_EMAIL_H

#define EMAIL_MAX	254

int	email_valid(const char *);

#endif
