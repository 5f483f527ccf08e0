/* reg-csv.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REG_CSV_ERROR (reg_csv_error_quark ())

typedef enum
{
  REG_CSV_ERROR_EMPTY,              /* no bytes, or nothing but a BOM / blank lines */
  REG_CSV_ERROR_NOT_CSV,            /* binary data: a spreadsheet, an image, a PDF … */
  REG_CSV_ERROR_FIELD_TOO_LONG,     /* row-level: one field longer than REG_CSV_MAX_FIELD */
  REG_CSV_ERROR_UNTERMINATED_QUOTE, /* row-level: a quoted field never closed before the end */
  REG_CSV_ERROR_READ,               /* the file could not be read (I/O) */
} RegCsvError;

typedef enum
{
  REG_CSV_ENCODING_UTF8,
  REG_CSV_ENCODING_WINDOWS_1252,
} RegCsvEncoding;

/* Longest field kept, in bytes. Longer fields make their row an error
 * (REG_CSV_ERROR_FIELD_TOO_LONG) without ever being held in memory. */
#define REG_CSV_MAX_FIELD (1024 * 1024)

typedef struct _RegCsvReader RegCsvReader;
typedef struct _RegCsvWriter RegCsvWriter;

GQuark          reg_csv_error_quark            (void);

RegCsvReader   *reg_csv_reader_new             (GInputStream  *stream,
                                                goffset        size,
                                                GError       **error);
RegCsvReader   *reg_csv_reader_new_for_path    (const char    *path,
                                                GError       **error);
RegCsvReader   *reg_csv_reader_new_for_data    (const char    *data,
                                                gsize          length,
                                                GError       **error);
gboolean        reg_csv_reader_next_row        (RegCsvReader  *self,
                                                GError       **error);
guint           reg_csv_reader_get_n_fields    (RegCsvReader  *self);
const char     *reg_csv_reader_get_field       (RegCsvReader  *self,
                                                guint          index);
const char * const *reg_csv_reader_get_fields  (RegCsvReader  *self);
const GError   *reg_csv_reader_get_row_error   (RegCsvReader  *self);
guint           reg_csv_reader_get_line        (RegCsvReader  *self);
char            reg_csv_reader_get_separator   (RegCsvReader  *self);
RegCsvEncoding  reg_csv_reader_get_encoding    (RegCsvReader  *self);
gboolean        reg_csv_reader_had_bom         (RegCsvReader  *self);
goffset         reg_csv_reader_get_offset      (RegCsvReader  *self);
goffset         reg_csv_reader_get_size        (RegCsvReader  *self);
void            reg_csv_reader_free            (RegCsvReader  *self);

RegCsvWriter   *reg_csv_writer_new             (GOutputStream *stream,
                                                gboolean       bom);
gboolean        reg_csv_writer_write_row       (RegCsvWriter  *self,
                                                const char * const *fields,
                                                guint          n_fields,
                                                GError       **error);
gboolean        reg_csv_writer_close           (RegCsvWriter  *self,
                                                GCancellable  *cancellable,
                                                GError       **error);
void            reg_csv_writer_free            (RegCsvWriter  *self);

char           *reg_csv_escape_field           (const char    *field);
char           *reg_csv_unneutralize           (const char    *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegCsvReader, reg_csv_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegCsvWriter, reg_csv_writer_free)

G_END_DECLS
