/* reg-http.c: one GET to a shop, with patient retries
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-http.h"
#include "reg-sync-error.h"

void
reg_http_policy_init (RegHttpPolicy *policy)
{
  policy->max_tries = 5;
  policy->base_delay_ms = 1000;
  policy->max_delay_ms = 120 * 1000;
  policy->timeout_s = 30;
}

void
reg_http_response_free (RegHttpResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps the brackets of IPv6 literals out of the host. */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * reg_http_check_url:
 *
 * Shops are reached over HTTPS only; plain HTTP is allowed to this
 * computer alone (127.0.0.0/8, ::1, localhost), which is where tests
 * run their shops.
 */
gboolean
reg_http_check_url (const char  *url,
                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || !(uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                           _("This is not a web address. Write it as https://your-shop.example."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                       _("The shop’s address must begin with https://. Without it, the shop’s key and its "
                         "customers’ details would travel unprotected."));
  return FALSE;
}

/**
 * reg_http_retry_after_ms:
 *
 * Returns: how long a Retry-After header asks to wait (seconds or an
 *   HTTP date), 0 if it asks nothing
 */
guint
reg_http_retry_after_ms (SoupMessageHeaders *headers,
                         GDateTime          *now)
{
  const char *value;
  g_autoptr(GDateTime) when = NULL;
  char *end = NULL;
  guint64 seconds;

  if (headers == NULL || !(value = soup_message_headers_get_one (headers, "Retry-After")))
    return 0;

  seconds = g_ascii_strtoull (value, &end, 10);
  if (end != value && *end == '\0')
    return (guint)MIN (seconds, G_MAXUINT / 1000) * 1000;

  if ((when = soup_date_time_new_from_http_string (value)) && now != NULL)
    {
      GTimeSpan span = g_date_time_difference (when, now);

      return span > 0 ? (guint)MIN (span / 1000, G_MAXUINT) : 0;
    }

  return 0;
}

static gboolean
is_tls_error (const GError *error)
{
  return error->domain == G_TLS_ERROR ||
         (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_CONNECTION_CLOSED &&
          strstr (error->message, "TLS") != NULL);
}

/* Turns what the network library said into words for a shop owner; the
 * address is left out, as it may carry a key. */
void
reg_http_set_transport_error (GError       **error,
                              const GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED, _("The sync was stopped."));
  else if (is_tls_error (cause))
    g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_TLS,
                         _("The shop’s security certificate cannot be trusted, so Regulars did not connect. "
                           "Check the address; if it is right, the shop’s certificate needs renewing or fixing."));
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_TIMEOUT,
                         _("The shop did not answer in time. It may be very busy; try again later."));
  else if (cause->domain == G_RESOLVER_ERROR)
    g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NETWORK,
                         _("The shop’s address could not be found. Check the address and the internet connection."));
  else
    g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_NETWORK,
                         _("Regulars could not reach the shop. Check the internet connection and the address."));
}

static gboolean
is_retried_status (guint status)
{
  return status == 429 ||
         status == SOUP_STATUS_REQUEST_TIMEOUT ||
         (status >= 500 && status != SOUP_STATUS_NOT_IMPLEMENTED && status < 600);
}

/**
 * reg_http_wait:
 *
 * Waits @ms, a little at a time so that Cancel is never kept waiting.
 *
 * Returns: %FALSE if cancelled
 */
gboolean
reg_http_wait (guint          ms,
               GCancellable  *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (50 * 1000, MAX (end - g_get_monotonic_time (), 0)));
    }

  return !g_cancellable_is_cancelled (cancellable);
}

static guint
backoff_ms (const RegHttpPolicy *policy,
            guint                attempt)
{
  guint64 delay = (guint64)policy->base_delay_ms << MIN (attempt, 16);

  /* Half to all of it, so that many clients do not come back at once. */
  delay = delay / 2 + g_random_int_range (0, (gint32)MAX (delay / 2, 1));

  return (guint)MIN (delay, policy->max_delay_ms);
}

/**
 * reg_http_send:
 * @request: what to send; its body, if any, is sent with each try
 * @wait_func: (scope call) (nullable): told before each wait
 *
 * Sends a request. Busy or failing servers (429, 5xx) and timeouts or
 * broken connections are tried again after a growing, jittered wait — the
 * one Retry-After asks for, if any — up to the policy's number of tries.
 * An untrusted certificate is never retried.
 *
 * Returns: (transfer full): the last response, whatever its status, or
 *   %NULL with @error set (%REG_SYNC_ERROR) when none came
 */
RegHttpResponse *
reg_http_send (SoupSession           *session,
               const RegHttpRequest  *request,
               const RegHttpPolicy   *policy,
               RegHttpWaitFunc        wait_func,
               gpointer               user_data,
               GCancellable          *cancellable,
               GError               **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(SoupMessage) message = soup_message_new_from_uri (request->method ? request->method : SOUP_METHOD_GET,
                                                                  request->uri);
      SoupMessageHeaders *headers = soup_message_get_request_headers (message);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) body = NULL;
      gboolean last = attempt + 1 >= policy->max_tries;
      guint delay;

      soup_message_headers_replace (headers, "Accept", "application/json");
      if (request->no_redirect)
        soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
      if (request->idempotent)
        soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
      if (request->auth_value != NULL)
        soup_message_headers_replace (headers, request->auth_header ? request->auth_header : "Authorization",
                                      request->auth_value);
      if (request->body != NULL)
        soup_message_set_request_body_from_bytes (message,
                                                  request->content_type ? request->content_type : "application/json",
                                                  request->body);

      body = soup_session_send_and_read (session, message, cancellable, &local_error);

      if (body == NULL)
        {
          gboolean retry = !last &&
                           !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
                           !is_tls_error (local_error) &&
                           local_error->domain != G_RESOLVER_ERROR;

          if (!retry)
            {
              reg_http_set_transport_error (error, local_error);
              return NULL;
            }
          delay = backoff_ms (policy, attempt);
        }
      else
        {
          guint status = soup_message_get_status (message);

          if (!is_retried_status (status) || last || (status == 429 && request->own_429))
            {
              RegHttpResponse *response = g_new0 (RegHttpResponse, 1);

              response->status = status;
              response->body = g_steal_pointer (&body);
              response->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
              return response;
            }

          {
            g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
            guint asked = reg_http_retry_after_ms (soup_message_get_response_headers (message), now);

            delay = asked > 0 ? MIN (asked, policy->max_delay_ms) : backoff_ms (policy, attempt);
          }
        }

      if (wait_func != NULL)
        wait_func (attempt + 2, delay, user_data);

      if (!reg_http_wait (delay, cancellable))
        {
          g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED, _("The sync was stopped."));
          return NULL;
        }
    }
}

/**
 * reg_http_get:
 * @authorization: (nullable): the Authorization header's value
 *
 * A GET with reg_http_send().
 */
RegHttpResponse *
reg_http_get (SoupSession          *session,
              GUri                 *uri,
              const char           *authorization,
              const RegHttpPolicy  *policy,
              RegHttpWaitFunc       wait_func,
              gpointer              user_data,
              GCancellable         *cancellable,
              GError              **error)
{
  RegHttpRequest request = { SOUP_METHOD_GET, uri, "Authorization", authorization, NULL, NULL, FALSE, FALSE, TRUE };

  return reg_http_send (session, &request, policy, wait_func, user_data, cancellable, error);
}
