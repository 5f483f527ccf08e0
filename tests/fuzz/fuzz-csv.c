/* fuzz-csv.c: libFuzzer target for the CSV reader and writer
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-csv.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static GPtrArray *
read_rows (RegCsvReader *reader,
           gboolean     *clean)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  while (reg_csv_reader_next_row (reader, NULL))
    {
      const char * const *fields = reg_csv_reader_get_fields (reader);

      g_assert (g_strv_length ((char **)fields) == reg_csv_reader_get_n_fields (reader));
      for (guint i = 0; fields[i]; i++)
        g_assert (g_utf8_validate (fields[i], -1, NULL));
      if (reg_csv_reader_get_row_error (reader))
        *clean = FALSE;
      g_ptr_array_add (rows, g_strdupv ((char **)fields));
    }

  return rows;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(RegCsvReader) reader = NULL;
  g_autoptr(RegCsvReader) again = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows_again = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(RegCsvWriter) writer = NULL;
  gboolean clean = TRUE;
  gboolean clean_again = TRUE;

  if (!(reader = reg_csv_reader_new_for_data ((const char *)data, size, NULL)))
    return 0;
  rows = read_rows (reader, &clean);

  /* Whatever was read, written and read again, is the same. */
  out = g_memory_output_stream_new_resizable ();
  writer = reg_csv_writer_new (out, FALSE);
  for (guint i = 0; i < rows->len; i++)
    {
      char **fields = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) plain = g_ptr_array_new_with_free_func (g_free);

      /* Only rows of one empty field cannot be told from a blank line. */
      if (g_strv_length (fields) == 1 && fields[0][0] == '\0')
        continue;
      for (guint k = 0; fields[k]; k++)
        g_ptr_array_add (plain, g_strdup (fields[k]));
      reg_csv_writer_write_row (writer, (const char * const *)plain->pdata, plain->len, NULL);
    }
  reg_csv_writer_close (writer, NULL, NULL);

  if (!clean || reg_csv_reader_get_separator (reader) != ',' ||
      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)) == 0)
    return 0;

  if (!(again = reg_csv_reader_new_for_data (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                             g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                             NULL)))
    return 0;
  rows_again = read_rows (again, &clean_again);
  g_assert (clean_again);

  for (guint i = 0, j = 0; i < rows->len; i++)
    {
      char **a = g_ptr_array_index (rows, i);
      char **b;

      if (g_strv_length (a) == 1 && a[0][0] == '\0')
        continue;
      g_assert (j < rows_again->len);
      b = g_ptr_array_index (rows_again, j++);
      g_assert (g_strv_length (a) == g_strv_length (b));
      for (guint k = 0; a[k]; k++)
        {
          g_autofree char *back = reg_csv_unneutralize (b[k]);
          g_autofree char *orig = reg_csv_unneutralize (a[k]);

          g_assert (strcmp (back, orig) == 0 || strcmp (b[k], a[k]) == 0 ||
                    (a[k][0] == '\'' && strcmp (back, a[k] + 1) == 0));
        }
    }

  return 0;
}
