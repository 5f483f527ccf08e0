/* bench-contacts.c: the customer list at 1,000 and 100,000 customers
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each size, a fresh process opens the store, builds the list model the
 * window uses and reads the first screenful of rows; then types a search
 * that matches about 5 % of the customers and reads the first screenful of
 * its results; then jumps around the list as a scrollbar drag would. Peak
 * memory is that process's maximum resident set. Each figure is the median
 * of several runs, each in its own process.
 *
 * Usage: bench-contacts [--sizes 1000,100000] [--runs 5] [--keep DIR]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "reg-contact.h"
#include "reg-contact-list.h"
#include "reg-sample.h"
#include "reg-store.h"

#define SCREENFUL 40

typedef struct
{
  double open_ms;
  double search_ms;
  double scroll_max_ms;
  double scroll_mean_ms;
  double peak_kb;
  char   term[64];
  double term_share;
} Figures;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
changed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            gboolean   *changed)
{
  *changed = TRUE;
}

/* Until the list can show a screenful of the new answer (the rest may
 * still be on its way, as in the app). */
static void
wait_for_screenful (RegContactList *list)
{
  gboolean changed = FALSE;
  gulong id = g_signal_connect (list, "items-changed", G_CALLBACK (changed_cb), &changed);

  while (reg_contact_list_get_loading (list) &&
         !(changed && g_list_model_get_n_items (G_LIST_MODEL (list)) >= SCREENFUL))
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (list, id);
}

static void
wait_for_all (RegContactList *list)
{
  while (reg_contact_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
read_rows (RegContactList *list,
           guint           first,
           guint           n)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = first; i < first + n && i < total; i++)
    {
      g_autoptr(RegContact) c = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = reg_contact_dup_display_name (c);
      g_autofree char *since = reg_contact_dup_since_text (c);

      g_assert (name != NULL && since != NULL);
    }
}

static int
create (const char *path,
        guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = reg_store_open (path, &error);
  g_autoptr(GPtrArray) contacts = NULL;

  if (store == NULL)
    g_error ("%s", error->message);

  contacts = reg_sample_generate_contacts (n, 7, 1763800000);
  if (!reg_store_insert_contacts (store, contacts, &error))
    g_error ("%s", error->message);

  return 0;
}

/* Picks, without timing it, the search word whose hits are nearest 5 %. */
static void
pick_term (const char *path,
           char       *term,
           gsize       term_len,
           double     *share)
{
  const char *candidates[] = { "berlin", "ham", "wien", "par", "mü", "ber", "lu", "jo", "an", "sch", "wa" };
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = reg_store_open (path, &error);
  gint64 total = reg_store_count_contacts (store, &error);
  double best = 1.0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr(GArray) ids = reg_store_query_contact_ids (store, candidates[i], REG_CONTACT_SORT_NAME,
                                                           FALSE, 0, NULL, &error);
      double s = (double)ids->len / total;

      if (fabs (s - 0.05) < fabs (best - 0.05))
        {
          best = s;
          g_strlcpy (term, candidates[i], term_len);
        }
    }
  *share = best;
}

static int
measure (const char *path,
         const char *term)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegContactList) list = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  struct rusage usage;
  double t0, t1, t2, t3;
  double scroll_max = 0, scroll_sum = 0;
  guint n;

  t0 = now_ms ();
  store = reg_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  list = reg_contact_list_new (store);
  wait_for_screenful (list);
  read_rows (list, 0, SCREENFUL);
  t1 = now_ms ();
  wait_for_all (list);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));

  /* Dragging the scrollbar: land anywhere, show a screenful. */
  for (guint i = 0; i < 50; i++)
    {
      guint at = g_rand_int_range (rand, 0, MAX (1, n - SCREENFUL));
      double s0 = now_ms ();
      double took;

      read_rows (list, at, SCREENFUL);
      took = now_ms () - s0;
      scroll_sum += took;
      scroll_max = MAX (scroll_max, took);
    }

  t2 = now_ms ();
  reg_contact_list_set_search (list, term);
  wait_for_screenful (list);
  read_rows (list, 0, SCREENFUL);
  t3 = now_ms ();
  wait_for_all (list);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("%.3f %.3f %.3f %.3f %ld\n", t1 - t0, t3 - t2, scroll_max, scroll_sum / 50, usage.ru_maxrss);

  return 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, (GCompareFunc)compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
run_self (const char *self,
          char      **args,
          char      **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status;

  g_ptr_array_add (argv, (char *)self);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s", error->message);
}

static Figures
bench_size (const char *self,
            const char *dir,
            guint       size,
            guint       runs)
{
  g_autofree char *path = g_strdup_printf ("%s/bench-%u.db", dir, size);
  g_autofree char *size_text = g_strdup_printf ("%u", size);
  g_autofree double *open = g_new0 (double, runs);
  g_autofree double *search = g_new0 (double, runs);
  g_autofree double *smax = g_new0 (double, runs);
  g_autofree double *smean = g_new0 (double, runs);
  g_autofree double *peak = g_new0 (double, runs);
  Figures f = { 0 };

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      char *args[] = { "--create", size_text, path, NULL };
      double t0 = now_ms ();

      run_self (self, args, NULL);
      g_print ("  (created %s customers in %.1f s)\n", size_text, (now_ms () - t0) / 1000);
    }

  pick_term (path, f.term, sizeof f.term, &f.term_share);

  for (guint r = 0; r < runs; r++)
    {
      char *args[] = { "--measure", path, f.term, NULL };
      g_autofree char *out = NULL;

      run_self (self, args, &out);
      if (sscanf (out, "%lf %lf %lf %lf %lf", &open[r], &search[r], &smax[r], &smean[r], &peak[r]) != 5)
        g_error ("Unexpected output: %s", out);
    }

  f.open_ms = median (open, runs);
  f.search_ms = median (search, runs);
  f.scroll_max_ms = median (smax, runs);
  f.scroll_mean_ms = median (smean, runs);
  f.peak_kb = median (peak, runs);

  g_print ("%9u customers: open + first screenful %7.2f ms | search “%s” (%.1f %%) to first screenful %7.2f ms | "
           "scroll jump mean %.2f ms, worst %.2f ms | peak memory %.1f MB\n",
           size, f.open_ms, f.term, f.term_share * 100, f.search_ms, f.scroll_mean_ms, f.scroll_max_ms,
           f.peak_kb / 1024);

  return f;
}

static void
verdict (const char *what,
         double      ratio,
         double      target)
{
  g_print ("  %-32s %5.2f×  (target ≤ %.1f×)  %s\n", what, ratio, target,
           ratio <= target ? "met" : "NOT MET");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keep = NULL;
  g_autofree char *sizes_text = NULL;
  g_autofree char *dir = NULL;
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GArray) figures = g_array_new (FALSE, FALSE, sizeof (Figures));
  int runs = 5;
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "Store sizes (comma separated)", "N,N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per size (median is reported)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep (and reuse) the stores in DIR", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (argc == 4 && strcmp (argv[1], "--create") == 0)
    return create (argv[3], atoi (argv[2]));
  if (argc == 4 && strcmp (argv[1], "--measure") == 0)
    return measure (argv[2], argv[3]);

  context = g_option_context_new ("— customer list benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  sizes = g_strsplit (sizes_text ? sizes_text : "1000,100000", ",", -1);
  if (keep)
    {
      g_mkdir_with_parents (keep, 0700);
      dir = g_strdup (keep);
    }
  else
    dir = g_dir_make_tmp ("regulars-bench-XXXXXX", NULL);

  g_print ("Customer list benchmark (median of %d runs, each in a fresh process)\n", runs);
  for (guint i = 0; sizes[i]; i++)
    {
      Figures f = bench_size (argv[0], dir, atoi (sizes[i]), runs);
      g_array_append_val (figures, f);
    }

  if (figures->len >= 2)
    {
      Figures *small = &g_array_index (figures, Figures, 0);
      Figures *large = &g_array_index (figures, Figures, figures->len - 1);

      g_print ("Largest against smallest:\n");
      verdict ("open + first screenful", large->open_ms / small->open_ms, 1.2);
      verdict ("search to first screenful", large->search_ms / small->search_ms, 2.0);
      verdict ("peak memory", large->peak_kb / small->peak_kb, 1.3);
    }

  if (!keep)
    {
      for (guint i = 0; sizes[i]; i++)
        {
          g_autofree char *path = g_strdup_printf ("%s/bench-%s.db", dir, sizes[i]);
          g_autofree char *wal = g_strconcat (path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (path, "-shm", NULL);

          g_unlink (path);
          g_unlink (wal);
          g_unlink (shm);
        }
      g_rmdir (dir);
    }

  return 0;
}
