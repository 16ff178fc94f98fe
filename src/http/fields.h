/*
 * Field validation moved to src/core/fields.h (pure, fuzzed and unit-tested
 * without Kore): this name stays so that handlers keep including it.
 */
#ifndef ASR_HTTP_FIELDS_H
#define ASR_HTTP_FIELDS_H

#include "core/fields.h"

#endif
