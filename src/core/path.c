/*
 * Route templates (see path.h). A parameter matches one non-empty segment;
 * a segment too long for its buffer makes the path not match (a 404), never
 * a truncated value.
 */
#include <string.h>

#include "core/path.h"

int
path_match(const char *tmpl, const char *path, struct path_params *pp)
{
	const char	*t_end, *p_end;
	size_t		 t_len, p_len;

	pp->count = 0;

	while (*tmpl != '\0' && *path != '\0') {
		if (*tmpl != '/' || *path != '/')
			return (0);
		tmpl++;
		path++;

		t_end = strchr(tmpl, '/');
		p_end = strchr(path, '/');
		t_len = t_end ? (size_t)(t_end - tmpl) : strlen(tmpl);
		p_len = p_end ? (size_t)(p_end - path) : strlen(path);

		if (t_len > 2 && tmpl[0] == '{' && tmpl[t_len - 1] == '}') {
			if (p_len == 0 || p_len >= PATH_PARAM_LEN ||
			    pp->count == PATH_PARAMS_MAX)
				return (0);
			memcpy(pp->value[pp->count], path, p_len);
			pp->value[pp->count][p_len] = '\0';
			pp->count++;
		} else if (t_len != p_len || memcmp(tmpl, path, t_len) != 0) {
			return (0);
		}

		tmpl += t_len;
		path += p_len;
	}

	return (*tmpl == '\0' && *path == '\0');
}
