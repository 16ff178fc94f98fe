/*
 * The catalogue's index: catindex_search() of any tsquery text, filters,
 * cursor and sort over a small index built once. It never crashes; an
 * answer is OK (a JSON object with its total), UNKNOWN (naming filters)
 * or FALLBACK, and an OK page never holds more items than asked.
 * Input: fields separated by newlines: tsquery, sort digit, limit digit,
 * cursor key, cursor id, then one filter per line ("{a,b}").
 */
#include "core/catindex.h"
#include "fuzz.h"

static struct catindex	*index_once;

static const char *const docs[][3] = {
	{ "00000000-0000-4000-8000-000000000001", "alpha",
	  "'nettoyag':1A,5 'bureau':6" },
	{ "00000000-0000-4000-8000-000000000002", "beta",
	  "'bois':1A 'menuiser':3A,9B" },
	{ "00000000-0000-4000-8000-000000000003", "gamma",
	  "'nettoyag':4 'peintur':6B 'cap':1A" },
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct catindex_row	r;
	size_t			i;

	(void)argc;
	(void)argv;
	if ((index_once = catindex_new()) == NULL)
		abort();
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.id = docs[i][0];
		r.alpha = docs[i][1];
		r.updated = i ? "1000" : "2000";
		r.kind = i ? "siae" : "ess";
		r.subkind = "ACI";
		r.sectors = "proprete-locaux,btp-peinture";
		r.groups = "proprete";
		r.communes = "97611";
		r.labels = "lucie";
		r.offer_types = "service";
		r.communes_mask = "1024";
		r.search = docs[i][2];
		r.item = "{}";
		FUZZ_ASSERT(catindex_add(index_once, &r));
	}
	FUZZ_ASSERT(catindex_add_code(index_once, CATINDEX_REF_SECTOR,
	    "proprete-locaux", NULL));
	FUZZ_ASSERT(catindex_add_code(index_once, CATINDEX_REF_GROUP,
	    "proprete", "Propreté"));
	FUZZ_ASSERT(catindex_finish(index_once));

	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catindex_query	 q;
	struct catindex_answer	 a;
	char			*text, *line[5 + SUPPLIER_F_COUNT], *p;
	size_t			 n, i;

	text = fuzz_cstr(data, size);
	for (n = 0, p = text; n < sizeof(line) / sizeof(line[0]); n++) {
		line[n] = p;
		if ((p = strchr(p, '\n')) == NULL) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	memset(&q, 0, sizeof(q));
	q.member = -1;
	q.tsquery = n > 0 && line[0][0] != '-' ? line[0] : NULL;
	q.sort = n > 1 ? (line[1][0] - '0') % 3 : 0;
	q.limit = n > 2 ? (size_t)((unsigned char)line[2][0] % 8) : 5;
	if (n > 4 && line[3][0] != '\0') {
		q.after_key = line[3];
		q.after_id = line[4];
	}
	for (i = 5; i < n; i++)
		q.filters[i - 5] = line[i];

	if (catindex_search(index_once, &q, &a)) {
		FUZZ_ASSERT(a.status != CATINDEX_ERROR);
		if (a.status == CATINDEX_OK) {
			FUZZ_ASSERT(a.body != NULL && a.body[0] == '{');
			FUZZ_ASSERT(a.len == strlen(a.body));
			FUZZ_ASSERT(a.total <= 3);
		} else if (a.status == CATINDEX_UNKNOWN)
			FUZZ_ASSERT(a.unknown[0] != '\0');
		catindex_answer_free(&a);
	} else
		FUZZ_ASSERT(q.limit == 0 || a.body == NULL);
	free(text);

	return (0);
}
