/* reg-csv.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-csv.h"

/* The reader streams: it holds one chunk of the file and the row being
 * read, never the whole file, so memory stays flat whatever the size. */
#define CHUNK_SIZE (64 * 1024)

G_DEFINE_QUARK (reg-csv-error-quark, reg_csv_error)

struct _RegCsvReader
{
  GInputStream   *stream;
  goffset         size;
  goffset         offset;      /* bytes consumed */

  guint8         *chunk;
  gsize           chunk_len;
  gsize           pos;
  gboolean        eof;

  char            separator;
  RegCsvEncoding  encoding;
  gboolean        had_bom;

  guint           line;        /* physical line of the next byte */
  guint           row_line;    /* where the current row began */

  GString        *field;       /* the field being read */
  gboolean        field_too_long;
  /* The row's fields, one after another, each ended by a NUL, and where
   * each begins: one buffer for all, not an allocation per field. */
  GString        *row_data;
  GArray         *starts;      /* gsize */
  GPtrArray      *fields;      /* const char * into row_data, NULL-terminated */
  GError         *row_error;
};

/* Windows-1252 0x80–0x9F; 0 where the code page has nothing. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static char *
from_windows_1252 (const char *data,
                   gsize       len)
{
  GString *out = g_string_sized_new (len + len / 4);

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = (guint8)data[i];
      gunichar u;

      if (c < 0x80)
        {
          g_string_append_c (out, c);
          continue;
        }
      u = c < 0xA0 ? cp1252_high[c - 0x80] : c;
      g_string_append_unichar (out, u ? u : 0xFFFD);
    }

  return g_string_free (out, FALSE);
}

static gboolean
fill_chunk (RegCsvReader  *self,
            GError       **error)
{
  gssize n;

  if (self->eof)
    return TRUE;

  n = g_input_stream_read (self->stream, self->chunk, CHUNK_SIZE, NULL, error);
  if (n < 0)
    {
      g_prefix_error (error, "%s", _("The file could not be read: "));
      if (error && *error)
        {
          (*error)->domain = REG_CSV_ERROR;
          (*error)->code = REG_CSV_ERROR_READ;
        }
      return FALSE;
    }

  self->chunk_len = n;
  self->pos = 0;
  if (n == 0)
    self->eof = TRUE;

  return TRUE;
}

/* The next byte, or -1 at the end; -2 on a read error. */
static inline int
next_byte (RegCsvReader  *self,
           GError       **error)
{
  if (self->pos >= self->chunk_len)
    {
      if (!fill_chunk (self, error))
        return -2;
      if (self->eof)
        return -1;
    }

  self->offset++;
  return self->chunk[self->pos++];
}

static inline int
peek_byte (RegCsvReader  *self,
           GError       **error)
{
  if (self->pos >= self->chunk_len)
    {
      if (!fill_chunk (self, error))
        return -2;
      if (self->eof)
        return -1;
    }

  return self->chunk[self->pos];
}

static void
set_row_error (RegCsvReader *self,
               RegCsvError   code,
               const char   *message)
{
  if (self->row_error == NULL)
    self->row_error = g_error_new_literal (REG_CSV_ERROR, code, message);
}

static void
add_byte (RegCsvReader *self,
          char          c)
{
  if (self->field->len >= REG_CSV_MAX_FIELD)
    {
      self->field_too_long = TRUE;
      return;
    }

  g_string_append_c (self->field, c);
}

/* Takes the bytes up to the next one of @stops in the current chunk into
 * the field at once: most of a file is plain text between separators. */
static void
add_run (RegCsvReader *self,
         char          stop1,
         char          stop2,
         char          stop3)
{
  gsize end = self->pos;
  gsize n;

  while (end < self->chunk_len)
    {
      char b = self->chunk[end];

      if (b == stop1 || b == stop2 || b == stop3)
        break;
      end++;
    }

  n = end - self->pos;
  if (self->field->len + n > REG_CSV_MAX_FIELD)
    {
      self->field_too_long = TRUE;
      n = self->field->len < REG_CSV_MAX_FIELD ? REG_CSV_MAX_FIELD - self->field->len : 0;
    }
  g_string_append_len (self->field, (const char *)self->chunk + self->pos, n);

  self->offset += end - self->pos;
  self->pos = end;
}

static void
end_field (RegCsvReader *self)
{

  if (self->field_too_long)
    {
      set_row_error (self, REG_CSV_ERROR_FIELD_TOO_LONG, _("A field is longer than 1 MB."));
      g_string_truncate (self->field, 0);
      self->field_too_long = FALSE;
    }

  /* No NUL inside a field: C strings would cut it short. */
  if (memchr (self->field->str, '\0', self->field->len))
    {
      GString *clean = g_string_sized_new (self->field->len);

      for (gsize i = 0; i < self->field->len; i++)
        if (self->field->str[i] != '\0')
          g_string_append_c (clean, self->field->str[i]);
      g_string_assign (self->field, clean->str);
      g_string_free (clean, TRUE);
    }

  g_array_append_val (self->starts, self->row_data->len);
  if (g_utf8_validate (self->field->str, self->field->len, NULL))
    g_string_append_len (self->row_data, self->field->str, self->field->len);
  else
    {
      g_autofree char *value = from_windows_1252 (self->field->str, self->field->len);

      g_string_append (self->row_data, value);
      self->encoding = REG_CSV_ENCODING_WINDOWS_1252;
    }
  g_string_append_c (self->row_data, '\0');
  g_string_truncate (self->field, 0);

  /* A field that grew large gives its memory back. */
  if (self->field->allocated_len > 64 * 1024)
    {
      g_string_free (self->field, TRUE);
      self->field = g_string_new (NULL);
    }
}

/* Points the fields at the row's buffer, now that it no longer moves. */
static void
finish_row (RegCsvReader *self)
{
  g_ptr_array_set_size (self->fields, 0);
  for (guint i = 0; i < self->starts->len; i++)
    g_ptr_array_add (self->fields, self->row_data->str + g_array_index (self->starts, gsize, i));
  g_ptr_array_add (self->fields, NULL);
}

static void
clear_row (RegCsvReader *self)
{
  g_ptr_array_set_size (self->fields, 0);
  g_ptr_array_add (self->fields, NULL);
  g_string_truncate (self->row_data, 0);
  g_array_set_size (self->starts, 0);

  /* A row that grew large gives its memory back. */
  if (self->row_data->allocated_len > 256 * 1024)
    {
      g_string_free (self->row_data, TRUE);
      self->row_data = g_string_new (NULL);
    }
  g_clear_error (&self->row_error);
  g_string_truncate (self->field, 0);
  self->field_too_long = FALSE;
}

/* Reads one record. Returns 1 for a row, 0 at the end, -1 on error. */
static int
read_record (RegCsvReader  *self,
             GError       **error)
{
  GError *local_error = NULL;
  gboolean quoted = FALSE;
  gboolean in_quotes = FALSE;
  gboolean started = FALSE;
  int c;

  clear_row (self);

  /* Blank lines are not rows. */
  for (;;)
    {
      c = peek_byte (self, &local_error);
      if (c == -2)
        goto read_error;
      if (c == '\r' || c == '\n')
        {
          next_byte (self, NULL);
          if (c == '\n')
            self->line++;
          else if (peek_byte (self, NULL) != '\n')
            self->line++;
          continue;
        }
      break;
    }

  if (c == -1)
    return 0;

  self->row_line = self->line;

  for (;;)
    {
      c = next_byte (self, &local_error);
      if (c == -2)
        goto read_error;

      if (in_quotes)
        {
          if (c == -1)
            {
              set_row_error (self, REG_CSV_ERROR_UNTERMINATED_QUOTE, _("A quoted field is never closed."));
              end_field (self);
              return 1;
            }
          if (c == '"')
            {
              if (peek_byte (self, NULL) == '"')
                {
                  next_byte (self, NULL);
                  add_byte (self, '"');
                }
              else
                in_quotes = FALSE;
              continue;
            }
          if (c == '\n' || (c == '\r' && peek_byte (self, NULL) != '\n'))
            self->line++;
          add_byte (self, c);
          add_run (self, '"', '\n', '\r');
          continue;
        }

      if (c == -1 || c == '\n' || c == '\r')
        {
          if (c == '\r' && peek_byte (self, NULL) == '\n')
            next_byte (self, NULL);
          if (c != -1)
            self->line++;
          end_field (self);
          return 1;
        }

      if (c == self->separator)
        {
          end_field (self);
          quoted = FALSE;
          started = FALSE;
          continue;
        }

      if (c == '"' && !started)
        {
          quoted = in_quotes = TRUE;
          started = TRUE;
          continue;
        }

      /* Text after a closing quote, or a quote inside a plain field, is
       * kept as it is, as spreadsheets do. */
      (void)quoted;
      started = TRUE;
      add_byte (self, c);
      add_run (self, self->separator, '\n', '\r');
    }

read_error:
  g_propagate_error (error, local_error);
  return -1;
}

/* The separator of the first record: the most frequent of , ; and tab
 * outside quotes; ties go to the comma. */
static char
sniff_separator (const guint8 *data,
                 gsize         len)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean in_quotes = FALSE;
  gsize i = 0;

  /* The first record is the first line with something on it. */
  while (i < len && (data[i] == '\n' || data[i] == '\r'))
    i++;

  for (; i < len; i++)
    {
      if (data[i] == '"')
        in_quotes = !in_quotes;
      else if (in_quotes)
        continue;
      else if (data[i] == '\n' || data[i] == '\r')
        break;
      else if (data[i] == ',')
        commas++;
      else if (data[i] == ';')
        semicolons++;
      else if (data[i] == '\t')
        tabs++;
    }

  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';

  return ',';
}

static gboolean
looks_binary (const guint8  *data,
              gsize          len,
              GError       **error)
{
  if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    {
      g_set_error_literal (error, REG_CSV_ERROR, REG_CSV_ERROR_NOT_CSV,
                           _("This looks like a spreadsheet workbook (.xlsx or .ods), not a CSV file. "
                             "Save it as CSV from your spreadsheet program first."));
      return TRUE;
    }

  if ((len >= 8 && memcmp (data, "\xd0\xcf\x11\xe0", 4) == 0))
    {
      g_set_error_literal (error, REG_CSV_ERROR, REG_CSV_ERROR_NOT_CSV,
                           _("This looks like an old Excel workbook (.xls), not a CSV file. "
                             "Save it as CSV from your spreadsheet program first."));
      return TRUE;
    }

  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, REG_CSV_ERROR, REG_CSV_ERROR_NOT_CSV,
                           _("This file is not a CSV file (it contains binary data)."));
      return TRUE;
    }

  return FALSE;
}

/**
 * reg_csv_reader_new:
 * @size: the stream's length in bytes if known, or -1
 *
 * Starts reading CSV from @stream: a UTF-8 BOM is skipped, an Excel
 * "sep=;" line obeyed, the separator otherwise guessed from the first
 * line. Files that are empty or not text are refused here.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
RegCsvReader *
reg_csv_reader_new (GInputStream  *stream,
                    goffset        size,
                    GError       **error)
{
  g_autoptr(RegCsvReader) self = NULL;
  gsize start = 0;
  gsize i;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_new0 (RegCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->size = size;
  self->chunk = g_malloc (CHUNK_SIZE);
  self->field = g_string_new (NULL);
  self->fields = g_ptr_array_new ();
  self->row_data = g_string_new (NULL);
  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->line = 1;
  g_ptr_array_add (self->fields, NULL);

  /* Read until the first chunk is full (streams may return little). */
  while (!self->eof && self->chunk_len < CHUNK_SIZE)
    {
      gssize n = g_input_stream_read (stream, self->chunk + self->chunk_len,
                                      CHUNK_SIZE - self->chunk_len, NULL, error);
      if (n < 0)
        {
          if (error && *error)
            {
              g_prefix_error (error, "%s", _("The file could not be read: "));
              (*error)->domain = REG_CSV_ERROR;
              (*error)->code = REG_CSV_ERROR_READ;
            }
          return NULL;
        }
      if (n == 0)
        break;
      self->chunk_len += n;
    }

  if (self->chunk_len >= 3 && memcmp (self->chunk, "\xef\xbb\xbf", 3) == 0)
    {
      self->had_bom = TRUE;
      start = 3;
    }

  if (looks_binary (self->chunk + start, self->chunk_len - start, error))
    return NULL;

  for (i = start; i < self->chunk_len && g_ascii_isspace (self->chunk[i]); i++)
    ;
  if (i == self->chunk_len)
    {
      g_set_error_literal (error, REG_CSV_ERROR, REG_CSV_ERROR_EMPTY, _("The file is empty."));
      return NULL;
    }

  /* Excel's hint: a first line "sep=;". */
  if (self->chunk_len - start >= 5 && g_ascii_strncasecmp ((char *)self->chunk + start, "sep=", 4) == 0 &&
      strchr (",;\t|", self->chunk[start + 4]) != NULL && self->chunk[start + 4] != '\0' &&
      (self->chunk_len - start == 5 || self->chunk[start + 5] == '\r' || self->chunk[start + 5] == '\n'))
    {
      self->separator = self->chunk[start + 4];
      start += 5;
      if (start < self->chunk_len && self->chunk[start] == '\r')
        start++;
      if (start < self->chunk_len && self->chunk[start] == '\n')
        start++;
      self->line = 2;
    }
  else
    self->separator = sniff_separator (self->chunk + start, self->chunk_len - start);

  self->pos = start;
  self->offset = start;

  return g_steal_pointer (&self);
}

/**
 * reg_csv_reader_new_for_path:
 *
 * Returns: (transfer full): a reader of the file, or %NULL with @error set:
 *   %REG_CSV_ERROR_READ naming the file when it cannot be opened
 */
RegCsvReader *
reg_csv_reader_new_for_path (const char  *path,
                             GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  name = g_filename_display_basename (path);

  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NONE, NULL, &local_error)) ||
      !(stream = g_file_read (file, NULL, &local_error)))
    {
      const char *reason = local_error->message;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        reason = _("there is no such file");
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        reason = _("you do not have permission to read it");
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        reason = _("it is a folder");

      g_set_error (error, REG_CSV_ERROR, REG_CSV_ERROR_READ,
                   /* Translators: the first %s is a file name, the second why it cannot be opened */
                   _("Could not open “%s”: %s."), name, reason);
      return NULL;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, REG_CSV_ERROR, REG_CSV_ERROR_READ,
                   _("Could not open “%s”: %s."), name, _("it is a folder"));
      return NULL;
    }

  return reg_csv_reader_new (G_INPUT_STREAM (stream), g_file_info_get_size (info), error);
}

/**
 * reg_csv_reader_new_for_data:
 *
 * Returns: (transfer full): a reader of a copy of @data
 */
RegCsvReader *
reg_csv_reader_new_for_data (const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

  return reg_csv_reader_new (stream, length, error);
}

/**
 * reg_csv_reader_next_row:
 *
 * Moves to the next row. Rows with a problem are still returned, with
 * reg_csv_reader_get_row_error() saying what it is.
 *
 * Returns: %TRUE for a row; %FALSE at the end, or with @error set when
 *   the file cannot be read further
 */
gboolean
reg_csv_reader_next_row (RegCsvReader  *self,
                         GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (read_record (self, error) != 1)
    return FALSE;

  finish_row (self);
  return TRUE;
}

guint
reg_csv_reader_get_n_fields (RegCsvReader *self)
{
  return self->fields->len - 1;
}

const char *
reg_csv_reader_get_field (RegCsvReader *self,
                          guint         index)
{
  g_return_val_if_fail (index < self->fields->len - 1, NULL);

  return g_ptr_array_index (self->fields, index);
}

/**
 * reg_csv_reader_get_fields:
 *
 * Returns: (transfer none) (array zero-terminated=1): the current row,
 *   valid until the next call to reg_csv_reader_next_row()
 */
const char * const *
reg_csv_reader_get_fields (RegCsvReader *self)
{
  return (const char * const *)self->fields->pdata;
}

const GError *
reg_csv_reader_get_row_error (RegCsvReader *self)
{
  return self->row_error;
}

guint
reg_csv_reader_get_line (RegCsvReader *self)
{
  return self->row_line;
}

char
reg_csv_reader_get_separator (RegCsvReader *self)
{
  return self->separator;
}

RegCsvEncoding
reg_csv_reader_get_encoding (RegCsvReader *self)
{
  return self->encoding;
}

gboolean
reg_csv_reader_had_bom (RegCsvReader *self)
{
  return self->had_bom;
}

goffset
reg_csv_reader_get_offset (RegCsvReader *self)
{
  return self->offset;
}

goffset
reg_csv_reader_get_size (RegCsvReader *self)
{
  return self->size;
}

void
reg_csv_reader_free (RegCsvReader *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_free (self->chunk);
  g_string_free (self->field, TRUE);
  g_ptr_array_unref (self->fields);
  g_string_free (self->row_data, TRUE);
  g_array_unref (self->starts);
  g_clear_error (&self->row_error);
  g_free (self);
}

/* Writer */

struct _RegCsvWriter
{
  GOutputStream *stream;
  GString       *buffer;
  gboolean       bom;
  gboolean       started;
  GError        *error;
};

/**
 * reg_csv_writer_new:
 * @bom: start with a UTF-8 byte order mark, which Excel needs to read
 *   accented letters right
 *
 * Returns: (transfer full): a writer of RFC 4180 CSV: commas, CRLF line
 *   ends, quotes where needed, formulas neutralised
 */
RegCsvWriter *
reg_csv_writer_new (GOutputStream *stream,
                    gboolean       bom)
{
  RegCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (RegCsvWriter, 1);
  self->stream = g_object_ref (stream);
  self->buffer = g_string_sized_new (CHUNK_SIZE + 1024);
  self->bom = bom;

  return self;
}

static gboolean
flush_buffer (RegCsvWriter  *self,
              GError       **error)
{
  if (self->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len, NULL, NULL, error))
    return FALSE;

  g_string_truncate (self->buffer, 0);
  return TRUE;
}

static void
append_field (GString    *out,
              const char *field)
{
  gboolean neutralise;
  gboolean quote;
  gsize len;

  if (field == NULL || field[0] == '\0')
    return;

  len = strlen (field);
  /* A spreadsheet would run "=…" as a formula: make it text. */
  neutralise = strchr ("=+-@\t\r", field[0]) != NULL;
  /* ";" and tab too: a reader guessing the separator must not be misled. */
  quote = strpbrk (field, ",;\t\"\r\n") != NULL || field[0] == ' ' || field[len - 1] == ' ' || field[0] == '\t';

  if (quote)
    g_string_append_c (out, '"');
  if (neutralise)
    g_string_append_c (out, '\'');

  if (quote)
    for (const char *p = field; *p; p++)
      {
        if (*p == '"')
          g_string_append_c (out, '"');
        g_string_append_c (out, *p);
      }
  else
    g_string_append_len (out, field, len);

  if (quote)
    g_string_append_c (out, '"');
}

/**
 * reg_csv_escape_field:
 *
 * Returns: (transfer full): @field as one cell of a CSV file
 */
char *
reg_csv_escape_field (const char *field)
{
  GString *out = g_string_new (NULL);

  append_field (out, field);

  return g_string_free (out, FALSE);
}

/**
 * reg_csv_unneutralize:
 *
 * Undoes what a writer did against formulas ("'=SUM" → "=SUM") and the
 * apostrophe Shopify puts before numbers ("'+4930…", "'0123").
 *
 * Returns: (transfer full): the cell's value
 */
char *
reg_csv_unneutralize (const char *cell)
{
  if (cell == NULL)
    return g_strdup ("");

  if (cell[0] == '\'' && cell[1] != '\0' &&
      (strchr ("=+-@\t\r", cell[1]) != NULL || g_ascii_isdigit (cell[1])))
    return g_strdup (cell + 1);

  return g_strdup (cell);
}

gboolean
reg_csv_writer_write_row (RegCsvWriter       *self,
                          const char * const *fields,
                          guint               n_fields,
                          GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->started)
    {
      self->started = TRUE;
      if (self->bom)
        g_string_append (self->buffer, "\xef\xbb\xbf");
    }

  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (self->buffer, ',');
      append_field (self->buffer, fields[i]);
    }
  g_string_append (self->buffer, "\r\n");

  if (self->buffer->len >= CHUNK_SIZE)
    return flush_buffer (self, error);

  return TRUE;
}

gboolean
reg_csv_writer_close (RegCsvWriter  *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->started && self->bom)
    g_string_append (self->buffer, "\xef\xbb\xbf");
  self->started = TRUE;

  if (!flush_buffer (self, error))
    return FALSE;

  return g_output_stream_close (self->stream, cancellable, error);
}

void
reg_csv_writer_free (RegCsvWriter *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}
