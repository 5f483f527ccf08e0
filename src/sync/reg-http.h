/* reg-http.h: one GET to a shop, with patient retries
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint     max_tries;      /* in all, the first one included */
  guint     base_delay_ms;  /* the first wait; doubled each time, with jitter */
  guint     max_delay_ms;   /* no wait is longer, whatever the server asks */
  guint     timeout_s;      /* for each request */
} RegHttpPolicy;

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
} RegHttpResponse;

typedef struct
{
  const char *method;        /* (nullable): GET */
  GUri       *uri;
  const char *auth_header;   /* (nullable): Authorization */
  const char *auth_value;    /* (nullable): no such header */
  const char *content_type;  /* (nullable): application/json */
  GBytes     *body;          /* (nullable) */
  gboolean    own_429;       /* the caller waits out 429 itself: return it at once */
  gboolean    no_redirect;   /* a redirect is an answer, not followed (the token stays with the shop) */
  gboolean    idempotent;    /* sending it twice does no harm: a kept-alive connection may carry it */
} RegHttpRequest;

/* Called before each wait: which try comes next and how long the wait is. */
typedef void (*RegHttpWaitFunc) (guint    next_try,
                                 guint    delay_ms,
                                 gpointer user_data);

void             reg_http_policy_init        (RegHttpPolicy   *policy);
gboolean         reg_http_check_url          (const char      *url,
                                              GError         **error);
RegHttpResponse *reg_http_send               (SoupSession     *session,
                                              const RegHttpRequest *request,
                                              const RegHttpPolicy *policy,
                                              RegHttpWaitFunc  wait_func,
                                              gpointer         user_data,
                                              GCancellable    *cancellable,
                                              GError         **error);
void             reg_http_set_transport_error (GError       **error,
                                              const GError  *cause);
gboolean         reg_http_wait               (guint            ms,
                                              GCancellable    *cancellable);
RegHttpResponse *reg_http_get                (SoupSession     *session,
                                              GUri            *uri,
                                              const char      *authorization,
                                              const RegHttpPolicy *policy,
                                              RegHttpWaitFunc  wait_func,
                                              gpointer         user_data,
                                              GCancellable    *cancellable,
                                              GError         **error);
guint            reg_http_retry_after_ms     (SoupMessageHeaders *headers,
                                              GDateTime          *now);
void             reg_http_response_free      (RegHttpResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegHttpResponse, reg_http_response_free)

G_END_DECLS
