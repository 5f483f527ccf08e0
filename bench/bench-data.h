/* bench-data.h: the made-up shop exports the benchmarks load
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  bench_write_customers (const char *path,
                             guint       n);
guint bench_write_orders    (const char *path,
                             guint       n_lines,
                             guint       n_customers,
                             guint       max_items);

gboolean bench_run           (const char * const *argv,
                             char              **envp,
                             const char         *stdin_path,
                             double             *seconds,
                             double             *peak_mb);
void     bench_clean_up      (const char         *dir,
                             gboolean            keep);

G_END_DECLS
