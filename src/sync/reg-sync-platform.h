/* reg-sync-platform.h: what the sync engine asks of a shop platform
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-http.h"
#include "reg-source.h"

G_BEGIN_DECLS

/* One page as the platform read it, ready for reg_store_sync_write_page(). */
typedef struct
{
  GPtrArray *customers;  /* RegSyncCustomer */
  GPtrArray *orders;     /* RegSyncOrder */
  GPtrArray *skips;      /* RegSyncSkip */
  GPtrArray *state;      /* char *: checkpoint keys and values, alternating, NULL-terminated */
  guint      n_records;  /* how many records the page held, usable or not */
  guint      n_new;      /* of them, how many this sync had not met yet */
} RegSyncPage;

typedef struct _RegSyncPlatform RegSyncPlatform;

/* What a platform that does its own requests (fetch_page) is given. */
typedef struct
{
  SoupSession         *session;
  const RegHttpPolicy *policy;
  GCancellable        *cancellable;
  const char          *key;
  const char          *secret;
  const char          *api_version;     /* (nullable): the platform's own default */
  guint                bulk_threshold;  /* 0: the platform's own default */
  /* Tells the owner why the sync waits, in plain words. */
  void               (*waiting)        (gpointer     data,
                                        const char  *message);
  /* Tells how far a phase is, outside of pages (a bulk export). */
  void               (*progress)       (gpointer     data,
                                        const char  *what,
                                        guint        done,
                                        guint        total);
  RegHttpWaitFunc      wait_func;       /* for reg_http_send() */
  gpointer             data;
} RegSyncContext;

/* A platform walks its records in phases (customers, then orders), a page
 * at a time, from the checkpoints the store kept. The engine sends what
 * next_request() asks for, hands the answer to read_page(), writes the
 * page with its checkpoint, and then calls page_done(). */
struct _RegSyncPlatform
{
  /* Where the walk stands; set up by begin(). */
  gpointer    state;

  gboolean  (*begin)          (RegSyncPlatform     *self,
                               RegStore            *store,
                               RegSource           *source,
                               guint                page_size,
                               GError             **error);
  /* The next page to fetch, or %NULL when the walk is over. @what names
   * the phase for the owner ("Customers", "Orders"). */
  GUri     *(*next_request)   (RegSyncPlatform     *self,
                               const char         **what);
  /* @remaining: how many records are still to come, this page's new
   * ones included, as far as the shop says */
  gboolean  (*read_page)      (RegSyncPlatform     *self,
                               RegHttpResponse     *response,
                               RegSyncPage         *page,
                               guint               *remaining,
                               GError             **error);
  void      (*page_done)      (RegSyncPlatform     *self,
                               RegSyncPage         *page);
  /* An answer that is not a page: in plain words, with a code. */
  void      (*describe_error) (RegSyncPlatform     *self,
                               RegHttpResponse     *response,
                               GError             **error);
  char     *(*authorization)  (RegSyncPlatform     *self,
                               const char          *key,
                               const char          *secret);
  /* (optional) Instead of next_request() and read_page(): fetches the
   * next page itself, however many requests that takes. Returns %FALSE
   * with @error unset when the walk is over. */
  gboolean  (*fetch_page)     (RegSyncPlatform     *self,
                               RegSyncContext      *context,
                               RegSyncPage         *page,
                               const char         **what,
                               guint               *remaining,
                               GError             **error);
  void      (*free)           (RegSyncPlatform     *self);
};

void             reg_sync_page_init   (RegSyncPage     *page);
void             reg_sync_page_clear  (RegSyncPage     *page);
void             reg_sync_page_add_state (RegSyncPage  *page,
                                          const char   *key,
                                          const char   *value);
RegSyncPlatform *reg_woo_platform_new (void);
RegSyncPlatform *reg_shopify_platform_new (void);
gboolean         reg_shopify_test_connection (RegSyncContext  *context,
                                              const char      *url,
                                              char           **notice,
                                              GError         **error);

G_END_DECLS
