/* SPDX-License-Identifier: ISC */
/*
 * test_json.c: elftool's JSON reader (elftool/json.c).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../elftool/json.h"

static struct json *parse_ok(const char *text)
{
    char err[256] = "";
    struct json *j = json_parse(text, err, sizeof err);
    cr_assert_not_null(j, "\"%s\" refused: %s", text, err);
    return j;
}

/* Expects text refused with an error containing `where` and `why`. */
static void parse_fails(const char *text, const char *where, const char *why)
{
    char err[256] = "";
    struct json *j = json_parse(text, err, sizeof err);
    cr_assert_null(j, "\"%s\" accepted", text);
    cr_assert_not_null(strstr(err, where), "err \"%s\" is not at \"%s\"", err,
                       where);
    cr_assert_not_null(strstr(err, why), "err \"%s\" does not say \"%s\"", err,
                       why);
}

/* --- values -------------------------------------------------------------- */

Test(json, object_members_are_found_by_key)
{
    struct json *j = parse_ok("{\"type\": \"solo5.manifest\", \"version\": 1,"
                              " \"devices\": []}");
    cr_assert_eq(j->type, JSON_OBJECT);
    cr_assert_eq(j->n, 3);
    cr_assert_str_eq(j->keys[0], "type");
    cr_assert_str_eq(j->keys[2], "devices");
    const struct json *t = json_get(j, "type");
    cr_assert_not_null(t);
    cr_assert_eq(t->type, JSON_STRING);
    cr_assert_str_eq(t->string, "solo5.manifest");
    const struct json *v = json_get(j, "version");
    cr_assert_eq(v->type, JSON_NUMBER);
    cr_assert_eq(v->number, 1.0);
    const struct json *d = json_get(j, "devices");
    cr_assert_eq(d->type, JSON_ARRAY);
    cr_assert_eq(d->n, 0);
    cr_assert_null(json_get(j, "missing"));
    cr_assert_null(json_get(j, "Type"), "keys are case-sensitive");
    json_free(j);
}

Test(json, get_on_a_non_object_gives_null)
{
    struct json *j = parse_ok("[1, 2]");
    cr_assert_null(json_get(j, "0"));
    json_free(j);
}

Test(json, array_keeps_element_order)
{
    struct json *j = parse_ok("[3, \"two\", true]");
    cr_assert_eq(j->type, JSON_ARRAY);
    cr_assert_eq(j->n, 3);
    cr_assert_null(j->keys);
    cr_assert_eq(j->items[0]->number, 3.0);
    cr_assert_str_eq(j->items[1]->string, "two");
    cr_assert_eq(j->items[2]->type, JSON_BOOL);
    json_free(j);
}

Test(json, literals_true_false_null)
{
    struct json *j = parse_ok("[true, false, null]");
    cr_assert_eq(j->items[0]->type, JSON_BOOL);
    cr_assert_eq(j->items[0]->boolean, 1);
    cr_assert_eq(j->items[1]->type, JSON_BOOL);
    cr_assert_eq(j->items[1]->boolean, 0);
    cr_assert_eq(j->items[2]->type, JSON_NULL);
    json_free(j);
}

Test(json, numbers_integer_negative_fraction_exponent)
{
    struct json *j = parse_ok("[0, -12, 6668, 2.5, -0.125, 1e3, 4E-2]");
    cr_assert_eq(j->n, 7);
    cr_assert_eq(j->items[0]->number, 0.0);
    cr_assert_eq(j->items[1]->number, -12.0);
    cr_assert_eq(j->items[2]->number, 6668.0);
    cr_assert_eq(j->items[3]->number, 2.5);
    cr_assert_eq(j->items[4]->number, -0.125);
    cr_assert_eq(j->items[5]->number, 1000.0);
    cr_assert_float_eq(j->items[6]->number, 0.04, 1e-12);
    json_free(j);
}

Test(json, string_escapes_are_decoded)
{
    struct json *j = parse_ok("\"q\\\"b\\\\s\\/b\\bf\\fn\\nr\\rt\\t.\"");
    cr_assert_eq(j->type, JSON_STRING);
    cr_assert_str_eq(j->string, "q\"b\\s/b\bf\fn\nr\rt\t.");
    json_free(j);
}

Test(json, long_string_grows_its_buffer)
{
    char text[1100];
    text[0] = '"';
    memset(text + 1, 'x', 1000);
    strcpy(text + 1001, "\"");
    struct json *j = parse_ok(text);
    cr_assert_eq(strlen(j->string), 1000);
    json_free(j);
}

Test(json, empty_string_object_and_array)
{
    struct json *j = parse_ok("{\"s\": \"\", \"o\": {}, \"a\": []}");
    cr_assert_str_eq(json_get(j, "s")->string, "");
    cr_assert_eq(json_get(j, "o")->type, JSON_OBJECT);
    cr_assert_eq(json_get(j, "o")->n, 0);
    cr_assert_eq(json_get(j, "a")->type, JSON_ARRAY);
    cr_assert_eq(json_get(j, "a")->n, 0);
    json_free(j);
}

Test(json, nested_manifest_parses)
{
    struct json *j =
        parse_ok("{\n"
                 "  \"type\": \"solo5.manifest\",\r\n"
                 "\t\"version\": 1,\n"
                 "  \"devices\": [\n"
                 "    { \"name\": \"disk0\", \"type\": \"BLOCK_BASIC\" },\n"
                 "    { \"name\": \"net0\", \"type\": \"NET_BASIC\" }\n"
                 "  ]\n"
                 "}\n");
    const struct json *d = json_get(j, "devices");
    cr_assert_eq(d->n, 2);
    cr_assert_str_eq(json_get(d->items[0], "name")->string, "disk0");
    cr_assert_str_eq(json_get(d->items[1], "type")->string, "NET_BASIC");
    json_free(j);
}

Test(json, thirty_two_levels_of_nesting_parse)
{
    char text[80] = "";
    memset(text, '[', 32);
    memset(text + 32, ']', 32);
    struct json *j = parse_ok(text);
    const struct json *k = j;
    for (int depth = 1; depth < 32; depth++) {
        cr_assert_eq(k->n, 1);
        k = k->items[0];
    }
    cr_assert_eq(k->type, JSON_ARRAY);
    cr_assert_eq(k->n, 0);
    json_free(j);
}

/* --- errors -------------------------------------------------------------- */

Test(json, rejects_empty_input)
{
    parse_fails("", "line 1, column 1:", "unexpected end of input");
    parse_fails("  \n ", "line 2, column 2:", "unexpected end of input");
}

Test(json, rejects_unterminated_string)
{
    parse_fails("\"abc", "line 1,", "unterminated string");
    parse_fails("{\"a\": \"abc", "line 1,", "unterminated string");
}

/* A string cut by a newline is reported on the line where it was cut. */
Test(json, unterminated_string_is_reported_on_its_own_line)
{
    parse_fails("{\n  \"a\": \"abc\n}", "line 2,", "unterminated string");
}

Test(json, rejects_trailing_comma_in_array)
{
    parse_fails("[1, 2,]", "line 1, column 7:", "unexpected character ']'");
}

Test(json, rejects_trailing_comma_in_object)
{
    parse_fails("{\"a\": 1,}", "line 1, column 9:", "expected a member name");
}

Test(json, rejects_trailing_characters)
{
    parse_fails("{} x", "line 1, column 4:",
                "trailing characters after the JSON value");
    parse_fails("{\n}\n  x", "line 3, column 3:",
                "trailing characters after the JSON value");
    parse_fails("[1] [2]", "line 1, column 5:", "trailing characters");
}

Test(json, rejects_unknown_escape)
{
    parse_fails("\"a\\qb\"", "line 1,", "unsupported escape in string");
    parse_fails("\"a\\x41\"", "line 1,", "unsupported escape in string");
}

Test(json, rejects_escape_at_end_of_input)
{
    parse_fails("\"a\\", "line 1,", "unsupported escape in string");
}

Test(json, rejects_raw_control_character_in_string)
{
    parse_fails("\"a\tb\"", "line 1,", "unterminated string");
}

/* \u escapes of ASCII characters are decoded (json.h's contract). */
Test(json, ascii_unicode_escape_is_decoded)
{
    struct json *j = parse_ok("\"\\u0041\\u007a\"");
    cr_assert_str_eq(j->string, "Az");
    json_free(j);
}

Test(json, rejects_nesting_deeper_than_32)
{
    char text[100] = "";
    memset(text, '[', 40);
    memset(text + 40, ']', 40);
    parse_fails(text, "line 1,", "nested too deeply");
}

Test(json, rejects_missing_comma)
{
    parse_fails("[1 2]", "line 1, column 4:", "expected ',' or ']'");
    parse_fails("{\"a\": 1 \"b\": 2}",
                "line 1, column 9:", "expected ',' or '}'");
}

Test(json, rejects_missing_colon)
{
    parse_fails("{\"a\" 1}", "line 1,", "expected ':'");
}

/* The column of an error is the offending character's own. */
Test(json, missing_colon_column_points_at_offending_character)
{
    parse_fails("{\"a\" 1}", "line 1, column 6:", "expected ':'");
}

Test(json, rejects_non_string_member_name)
{
    parse_fails("{a: 1}", "line 1, column 2:", "expected a member name");
}

Test(json, rejects_misspelt_literal)
{
    parse_fails("[tru]", "line 1, column 2:", "unexpected character 't'");
    parse_fails("nul", "line 1, column 1:", "unexpected character 'n'");
}

Test(json, rejects_unclosed_containers)
{
    parse_fails("[1, 2", "line 1, column 6:", "expected ',' or ']'");
    parse_fails("{\"a\": 1", "line 1, column 8:", "expected ',' or '}'");
    parse_fails("[", "line 1, column 2:", "unexpected end of input");
}

Test(json, error_message_is_truncated_to_buffer)
{
    char err[12];
    memset(err, 'z', sizeof err);
    cr_assert_null(json_parse("[1 2]", err, sizeof err));
    cr_assert_eq(strlen(err), sizeof err - 1);
    cr_assert_str_eq(err, "line 1, col");
}
