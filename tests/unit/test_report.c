/*
 * Unit tests for src/core/report.c (age bands, full-time equivalents,
 * masking of small counts) and src/core/csvjson.c (lists and reports as
 * CSV).
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/csvjson.h"
#include "core/report.h"

Test(report, age_bands)
{
	cr_assert_eq(report_age_band(2026, 2001), AGE_UNDER_26);	/* 25 */
	cr_assert_eq(report_age_band(2026, 2000), AGE_26_49);		/* 26 */
	cr_assert_eq(report_age_band(2026, 1977), AGE_26_49);		/* 49 */
	cr_assert_eq(report_age_band(2026, 1976), AGE_50_OVER);	/* 50 */
	cr_assert_eq(report_age_band(2026, 0), AGE_UNKNOWN);
	cr_assert_eq(report_age_band(2026, 2030), AGE_UNKNOWN);
	cr_assert_str_eq(report_age_code(AGE_50_OVER), "50_over");
	cr_assert_null(report_age_code(AGE_BANDS));
}

Test(report, fte_at_1607_hours_half_up)
{
	cr_assert_eq(report_fte_hundredths(160700), 100);	/* 1,607 h: 1 */
	cr_assert_eq(report_fte_hundredths(0), 0);
	cr_assert_eq(report_fte_hundredths(-5), 0);
	/* 8.035 h = 0.005 FTE exactly: half up to 0.01. */
	cr_assert_eq(report_fte_hundredths(804), 1);
	cr_assert_eq(report_fte_hundredths(803), 0);
	/* 25.1 million hours: 15,619.17 FTE. */
	cr_assert_eq(report_fte_hundredths(2510000000LL), 1561917);
}

Test(report, age_bands_folded_from_birth_years)
{
	json_t	*years, *bands;

	years = json_loads("[{\"birth_year\": 2001, \"people\": 3},"
	    "{\"birth_year\": 1990, \"people\": 2},"
	    "{\"birth_year\": 2005, \"people\": 1},"
	    "{\"birth_year\": null, \"people\": 4}]", 0, NULL);
	bands = report_age_bands(years, 2026);
	cr_assert_eq(json_array_size(bands), AGE_BANDS);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(bands,
	    AGE_UNDER_26), "people")), 4);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(bands,
	    AGE_26_49), "people")), 2);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(bands,
	    AGE_50_OVER), "people")), 0);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(bands,
	    AGE_UNKNOWN), "people")), 4);
	json_decref(years);
	json_decref(bands);
}

Test(report, small_counts_masked_with_their_rates)
{
	json_t	*doc;
	char	*text;

	doc = json_loads("{\"participants\": {\"people\": 12},"
	    "\"by_sex\": [{\"code\": \"F\", \"people\": 4},"
	    "{\"code\": \"M\", \"people\": 5}],"
	    "\"sustainable\": {\"people\": 2, \"rate\": 0.5},"
	    "\"contracts\": [{\"code\": \"cdi\", \"contracts\": 0}],"
	    "\"hours\": {\"validated_hours\": 3}}", 0, NULL);
	cr_assert_eq(report_mask(doc), 3);
	text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	cr_assert_str_eq(text, "{\"by_sex\":[{\"code\":\"F\",\"masked\":"
	    "\"small_count\",\"people\":null},{\"code\":\"M\",\"people\":5}],"
	    "\"contracts\":[{\"code\":\"cdi\",\"contracts\":null,\"masked\":"
	    "\"small_count\"}],\"hours\":{\"validated_hours\":3},"
	    "\"participants\":{\"people\":12},\"sustainable\":{\"masked\":"
	    "\"small_count\",\"people\":null,\"rate\":null}}");
	free(text);
	/* Masking twice changes nothing more. */
	cr_assert_eq(report_mask(doc), 0);
	json_decref(doc);
}

Test(report, fte_beside_validated_hours)
{
	json_t	*doc;

	doc = json_loads("{\"hours\": {\"validated_hours\": 3214.5},"
	    "\"by\": [{\"validated_hours\": 8.03}]}", 0, NULL);
	report_add_fte(doc);
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(doc,
	    "hours"), "validated_fte")), 2.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(json_array_get(
	    json_object_get(doc, "by"), 0), "validated_fte")), 0.0, 1e-9);
	json_decref(doc);
}

Test(csvjson, list_rows_follow_the_first_item)
{
	struct csv_buf	 b;
	json_t		*a, *c, *cols;

	memset(&b, 0, sizeof(b));
	a = json_loads("{\"id\": \"x\", \"name\": \"=SUM(A1)\", \"n\": -3.5,"
	    " \"ok\": true, \"tags\": [\"a\", \"b\"], \"none\": null}", 0,
	    NULL);
	c = json_loads("{\"n\": 2, \"id\": \"y; z\"}", 0, NULL);
	cols = csv_list_columns(a);
	csv_list_header(&b, cols, ',');
	csv_list_row(&b, cols, a, ',');
	csv_list_row(&b, cols, c, ';');
	cr_assert_str_eq(b.data, "id,name,n,ok,tags,none\r\n"
	    "x,'=SUM(A1),-3.5,true,\"[\"\"a\"\",\"\"b\"\"]\",\r\n"
	    "\"y; z\";;2;;;\r\n");
	csv_buf_free(&b);
	json_decref(a);
	json_decref(c);
	json_decref(cols);
}

Test(csvjson, report_as_a_long_table)
{
	struct csv_buf	 b;
	json_t		*r;

	memset(&b, 0, sizeof(b));
	r = json_loads("{\"year\": 2025,"
	    " \"hours\": {\"validated_hours\": 12.5},"
	    "\"by_sex\": [{\"code\": \"F\", \"label\": \"Femmes\","
	    " \"people\": null,"
	    " \"masked\": \"small_count\"}],"
	    "\"outcomes\": [{\"checkpoint\": \"end\", \"people\": 7,"
	    " \"by_category\": [{\"code\": \"cdi\", \"label\": \"CDI\","
	    " \"people\": 5}]}]}", 0, NULL);
	csv_report(&b, r, ',');
	cr_assert_str_eq(b.data,
	    "section,item,label,measure,value,masked\r\n"
	    ",,,year,2025,\r\n"
	    "hours,,,validated_hours,12.5,\r\n"
	    "by_sex,F,Femmes,people,,small_count\r\n"
	    "outcomes,end,,people,7,\r\n"
	    "outcomes.end.by_category,cdi,CDI,people,5,\r\n");
	csv_buf_free(&b);
	json_decref(r);
}
