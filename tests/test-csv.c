/* test-csv.c: reading and writing the CSV files owners bring
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "reg-csv.h"
#include "reg-test-util.h"

/* Reads every row of @data into "a|b|c" lines, joined by "\n". */
static char *
read_all (const char *data,
          gssize      len,
          char       *separator)
{
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  reader = reg_csv_reader_new_for_data (data, len < 0 ? strlen (data) : (gsize)len, &error);
  g_assert_no_error (error);

  while (reg_csv_reader_next_row (reader, &error))
    {
      g_autofree char *joined = g_strjoinv ("|", (char **)reg_csv_reader_get_fields (reader));

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%u:%s", reg_csv_reader_get_line (reader), joined);
    }
  g_assert_no_error (error);

  if (separator)
    *separator = reg_csv_reader_get_separator (reader);

  return g_string_free (out, FALSE);
}

static void
test_basic (void)
{
  const struct { const char *in; const char *out; char sep; } cases[] = {
    { "a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3", ',' },
    { "a;b;c\r\n1;2;3\r\n", "1:a|b|c\n2:1|2|3", ';' },
    { "a\tb\tc\r1\t2\t3", "1:a|b|c\n2:1|2|3", '\t' },
    { "\xef\xbb\xbf" "Email,Name\nx@y.de,Zoë\n", "1:Email|Name\n2:x@y.de|Zoë", ',' },
    { "sep=;\na;b,c\n", "2:a|b,c", ';' },
    { "a,\"b,\"\"c\"\"\nd\",e\nf,g,h\n", "1:a|b,\"c\"\nd|e\n3:f|g|h", ',' },
    { "a,b\n\n\r\n1,2\n", "1:a|b\n4:1|2", ',' },
    { "a,b,c\n1,2\n1,2,3,4\n", "1:a|b|c\n2:1|2\n3:1|2|3|4", ',' },
    { "a,b\n,\n", "1:a|b\n2:|", ',' },
    { "a,b\nx\"y,\"q\"z\n", "1:a|b\n2:x\"y|qz", ',' },
    { "name\n", "1:name", ',' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char sep = 0;
      g_autofree char *out = read_all (cases[i].in, -1, &sep);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpint (sep, ==, cases[i].sep);
    }
}

static void
test_refused (void)
{
  const struct { const char *data; gsize len; int code; } cases[] = {
    { "", 0, REG_CSV_ERROR_EMPTY },
    { "\xef\xbb\xbf", 3, REG_CSV_ERROR_EMPTY },
    { "\n\r\n  \n", 6, REG_CSV_ERROR_EMPTY },
    { "PK\x03\x04\x14\0\0\0", 8, REG_CSV_ERROR_NOT_CSV },
    { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, REG_CSV_ERROR_NOT_CSV },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RegCsvReader) reader = reg_csv_reader_new_for_data (cases[i].data, cases[i].len, &error);

      g_assert_null (reader);
      g_assert_error (error, REG_CSV_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_unreadable (void)
{
  g_autofree char *dir = reg_test_make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "nope.csv", NULL);
  g_autoptr(GError) error = NULL;
  RegCsvReader *reader;

  reader = reg_csv_reader_new_for_path (missing, &error);
  g_assert_null (reader);
  g_assert_error (error, REG_CSV_ERROR, REG_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "nope.csv"));
  g_clear_error (&error);

  reader = reg_csv_reader_new_for_path (dir, &error);
  g_assert_null (reader);
  g_assert_error (error, REG_CSV_ERROR, REG_CSV_ERROR_READ);

  reg_test_remove_tmp_dir (dir);
}

static void
test_windows_1252 (void)
{
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char data[] = "Name,Price\nM\xfcller,\x80 5\nplain,1\n";

  reader = reg_csv_reader_new_for_data (data, strlen (data), &error);
  g_assert_no_error (error);
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_cmpint (reg_csv_reader_get_encoding (reader), ==, REG_CSV_ENCODING_UTF8);
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_cmpstr (reg_csv_reader_get_field (reader, 0), ==, "Müller");
  g_assert_cmpstr (reg_csv_reader_get_field (reader, 1), ==, "€ 5");
  g_assert_cmpint (reg_csv_reader_get_encoding (reader), ==, REG_CSV_ENCODING_WINDOWS_1252);
}

static void
test_unterminated (void)
{
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char data[] = "a,b\n1,\"never closed\n2,3\n";

  reader = reg_csv_reader_new_for_data (data, strlen (data), &error);
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_null (reg_csv_reader_get_row_error (reader));
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_nonnull (reg_csv_reader_get_row_error (reader));
  g_assert_true (g_error_matches (reg_csv_reader_get_row_error (reader), REG_CSV_ERROR,
                                  REG_CSV_ERROR_UNTERMINATED_QUOTE));
  g_assert_false (reg_csv_reader_next_row (reader, &error));
  g_assert_no_error (error);
}

/* 50 MB in one field: the row is an error, the next row is fine, and the
 * field is never held whole. */
static void
test_huge_field (void)
{
  g_autofree char *dir = reg_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.csv", NULL);
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  FILE *f = g_fopen (path, "wb");
  char block[4096];

  memset (block, 'x', sizeof block);
  fputs ("a,b\n1,\"", f);
  for (guint i = 0; i < 50 * 256; i++)
    fwrite (block, 1, sizeof block, f);
  fputs ("\"\n2,ok\n", f);
  fclose (f);

  reader = reg_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_true (g_error_matches (reg_csv_reader_get_row_error (reader), REG_CSV_ERROR,
                                  REG_CSV_ERROR_FIELD_TOO_LONG));
  g_assert_cmpuint (strlen (reg_csv_reader_get_field (reader, 1)), <=, REG_CSV_MAX_FIELD);
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_null (reg_csv_reader_get_row_error (reader));
  g_assert_cmpstr (reg_csv_reader_get_field (reader, 1), ==, "ok");
  g_assert_cmpuint (reg_csv_reader_get_line (reader), ==, 3);

  g_clear_pointer (&reader, reg_csv_reader_free);
  reg_test_remove_tmp_dir (dir);
}

/* A stream that hands out one byte at a time: every chunk boundary. */
static void
test_tiny_reads (void)
{
  const char data[] = "\xef\xbb\xbfn\xc3\xa4me;\"q\"\"x\"\r\n\"a\r\nb\";\xe2\x82\xac\r\n";
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (data, strlen (data), NULL);
  g_autoptr(GInputStream) stream = G_INPUT_STREAM (g_buffered_input_stream_new_sized (base, 1));
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = reg_csv_reader_new (stream, -1, &error);
  g_assert_no_error (error);
  g_assert_true (reg_csv_reader_had_bom (reader));
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_cmpstr (reg_csv_reader_get_field (reader, 0), ==, "näme");
  g_assert_cmpstr (reg_csv_reader_get_field (reader, 1), ==, "q\"x");
  g_assert_true (reg_csv_reader_next_row (reader, &error));
  g_assert_cmpstr (reg_csv_reader_get_field (reader, 0), ==, "a\r\nb");
  g_assert_cmpstr (reg_csv_reader_get_field (reader, 1), ==, "€");
  g_assert_false (reg_csv_reader_next_row (reader, &error));
  g_assert_no_error (error);
}

static void
test_writer (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(RegCsvWriter) writer = reg_csv_writer_new (out, TRUE);
  g_autoptr(GError) error = NULL;
  const char *row1[] = { "plain", "with,comma", "with \"quote\"", "two\nlines", "", NULL };
  const char *row2[] = { "=1+1", "+49 30", "-5", "@SUM(A1)", "\tx", " padded " };
  const char *expected =
    "\xef\xbb\xbf"
    "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",,\r\n"
    "'=1+1,'+49 30,'-5,'@SUM(A1),\"'\tx\",\" padded \"\r\n";
  char *data;

  reg_csv_writer_write_row (writer, row1, G_N_ELEMENTS (row1), &error);
  reg_csv_writer_write_row (writer, row2, G_N_ELEMENTS (row2), &error);
  reg_csv_writer_close (writer, NULL, &error);
  g_assert_no_error (error);

  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpmem (data, g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                   expected, strlen (expected));
}

static void
test_round_trip (void)
{
  const char *rows[][4] = {
    { "Email", "Name", "Note", "Phone" },
    { "a@b.de", "Zoë \"Z\" Ünal", "line one\r\nline two, with comma", "'+4930 1234" },
    { "", "=cmd|' /C calc'!A0", "-3", "@home" },
    { "x@y.z", " spaced ", "\"\"", "0123" },
  };
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(RegCsvWriter) writer = reg_csv_writer_new (out, FALSE);
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    reg_csv_writer_write_row (writer, rows[i], 4, &error);
  reg_csv_writer_close (writer, NULL, &error);
  g_assert_no_error (error);

  reader = reg_csv_reader_new_for_data (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                        g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                        &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_true (reg_csv_reader_next_row (reader, &error));
      g_assert_cmpuint (reg_csv_reader_get_n_fields (reader), ==, 4);
      for (guint k = 0; k < 4; k++)
        {
          g_autofree char *value = reg_csv_unneutralize (reg_csv_reader_get_field (reader, k));
          g_autofree char *expected = reg_csv_unneutralize (rows[i][k]);

          g_assert_cmpstr (value, ==, expected);
        }
    }
}

static void
test_unneutralize (void)
{
  const char *cases[][2] = {
    { "'=SUM(A1)", "=SUM(A1)" },
    { "'+4930123", "+4930123" },
    { "'0123", "0123" },
    { "'-5", "-5" },
    { "'Tis the season", "'Tis the season" },
    { "'", "'" },
    { "plain", "plain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = reg_csv_unneutralize (cases[i][0]);
      g_assert_cmpstr (out, ==, cases[i][1]);
    }
}

/* Many rows of awkward fields, written and read back through a file, so
 * that fields, quotes and line ends fall across the reader's 64 KiB chunks
 * in every way. */
static void
test_round_trip_large (void)
{
  static const char * const pieces[] = {
    "plain", "with, comma", "quote \" inside", "\"", "line\r\nbreak", "lf\nonly", "Zoë Weiß €",
    "", " ", "semi;colon", "tab\there", "\"\"", "x",
  };
  g_autofree char *dir = g_dir_make_tmp ("regulars-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(RegCsvReader) reader = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  guint n_rows = 20000;

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
    g_autoptr(RegCsvWriter) writer = NULL;

    g_assert_no_error (error);
    writer = reg_csv_writer_new (G_OUTPUT_STREAM (out), FALSE);
    for (guint i = 0; i < n_rows; i++)
      {
        const char *row[5];
        g_autofree char *long_one = g_strnfill (g_rand_int_range (rand, 0, 3000), 'a' + i % 26);

        for (guint k = 0; k < 4; k++)
          row[k] = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
        row[4] = long_one;
        for (guint k = 0; k < 5; k++)
          g_ptr_array_add (expected, g_strdup (row[k]));
        g_assert_true (reg_csv_writer_write_row (writer, row, 5, &error));
      }
    g_assert_true (reg_csv_writer_close (writer, NULL, &error));
    g_assert_no_error (error);
  }

  reader = reg_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_rows; i++)
    {
      g_assert_true (reg_csv_reader_next_row (reader, &error));
      g_assert_null (reg_csv_reader_get_row_error (reader));
      g_assert_cmpuint (reg_csv_reader_get_n_fields (reader), ==, 5);
      for (guint k = 0; k < 5; k++)
        g_assert_cmpstr (reg_csv_reader_get_field (reader, k), ==, g_ptr_array_index (expected, i * 5 + k));
    }
  g_assert_false (reg_csv_reader_next_row (reader, &error));
  g_assert_no_error (error);

  g_rand_free (rand);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/read/basic", test_basic);
  g_test_add_func ("/csv/read/refused", test_refused);
  g_test_add_func ("/csv/read/unreadable-path", test_unreadable);
  g_test_add_func ("/csv/read/windows-1252", test_windows_1252);
  g_test_add_func ("/csv/read/unterminated-quote", test_unterminated);
  g_test_add_func ("/csv/read/50-mb-field", test_huge_field);
  g_test_add_func ("/csv/read/one-byte-reads", test_tiny_reads);
  g_test_add_func ("/csv/write/quoting-and-formulas", test_writer);
  g_test_add_func ("/csv/write/round-trip", test_round_trip);
  g_test_add_func ("/csv/write/round-trip-large", test_round_trip_large);
  g_test_add_func ("/csv/unneutralize", test_unneutralize);

  return g_test_run ();
}
