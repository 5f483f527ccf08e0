/* test-shop-window.c: connecting a shop and syncing it from the real
 * window, against a WooCommerce-shaped SoupServer on 127.0.0.1
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reg-contact-pane.h"
#include "reg-shop-dialog.h"
#include "reg-shopify-dialog.h"
#include "reg-shopify-map.h"
#include "reg-source.h"
#include "reg-test-gui.h"
#include "reg-test-util.h"
#include "reg-window.h"

#define KEY "ck_0123456789abcdef0123456789abcdef01234567"
#define SECRET "cs_fedcba9876543210fedcba9876543210fedcba98"
#define SHOPIFY_TOKEN "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"
#define SHOPIFY_WRONG_TOKEN "shpat_00000000000000000000000000000bad"

typedef enum
{
  SHOP_FINE,
  SHOP_WEB_PAGE,       /* a blog, not a shop: HTML for every address */
  SHOP_STALL_ORDERS,   /* orders are asked for and never come */
  SHOP_BAD_ORDER,      /* a third order in a currency nobody knows */
  SHOP_FIXED_ORDER,    /* the same, fixed in the shop since */
} ShopMode;

typedef struct
{
  char       *dir;
  RegStore   *store;
  SoupServer *server;
  char       *url;
  ShopMode    mode;
  GPtrArray  *stalled;   /* SoupServerMessage, never answered */
  RegWindow  *window;
  GPtrArray  *statuses;  /* char *: every status the window showed */
  guint       n_shopify_answered;  /* GraphQL questions asked with the right token */
} Fixture;

/* Two orders, one of them a guest's, in the documented shape; numbers come
 * as WooCommerce writes them (prices as numbers, totals as text). */
static const char orders_json[] =
  "[{\"id\":501,\"parent_id\":0,\"number\":\"501\",\"status\":\"completed\",\"currency\":\"EUR\","
  "\"date_created\":\"2026-03-01T10:00:00\",\"date_created_gmt\":\"2026-03-01T09:00:00\","
  "\"date_modified\":\"2026-03-01T10:05:00\",\"date_modified_gmt\":\"2026-03-01T09:05:00\","
  "\"discount_total\":\"0.00\",\"shipping_total\":\"4.90\",\"total\":\"24.90\",\"customer_id\":7,"
  "\"billing\":{\"first_name\":\"Ada\",\"last_name\":\"Lindqvist\",\"company\":\"\",\"address_1\":\"Hauptstraße 1\","
  "\"address_2\":\"\",\"city\":\"Wien\",\"state\":\"\",\"postcode\":\"1010\",\"country\":\"AT\","
  "\"email\":\"ada@example.com\",\"phone\":\"\"},"
  "\"line_items\":[{\"id\":1,\"name\":\"Green tea\",\"product_id\":3,\"sku\":\"TEA-G\",\"quantity\":2,"
  "\"subtotal\":\"20.00\",\"total\":\"20.00\",\"price\":10}],\"refunds\":[]},"
  "{\"id\":502,\"parent_id\":0,\"number\":\"502\",\"status\":\"processing\",\"currency\":\"EUR\","
  "\"date_created\":\"2026-03-02T10:00:00\",\"date_created_gmt\":\"2026-03-02T09:00:00\","
  "\"date_modified\":\"2026-03-02T10:00:00\",\"date_modified_gmt\":\"2026-03-02T09:00:00\","
  "\"discount_total\":\"0.00\",\"shipping_total\":\"0.00\",\"total\":\"12.00\",\"customer_id\":0,"
  "\"billing\":{\"first_name\":\"Bruno\",\"last_name\":\"Guest\",\"city\":\"Linz\",\"country\":\"AT\","
  "\"email\":\"bruno@example.com\"},"
  "\"line_items\":[{\"id\":2,\"name\":\"Black tea\",\"product_id\":4,\"sku\":\"TEA-B\",\"quantity\":1,"
  "\"subtotal\":\"12.00\",\"total\":\"12.00\",\"price\":12}],\"refunds\":[]}]";

static const char bad_order_json[] =
  "{\"id\":503,\"parent_id\":0,\"number\":\"503\",\"status\":\"completed\",\"currency\":\"XYZ\","
  "\"date_created_gmt\":\"2026-03-03T09:00:00\",\"date_modified_gmt\":\"2026-03-03T09:00:00\","
  "\"total\":\"5.00\",\"customer_id\":0,\"billing\":{\"email\":\"cleo@example.com\",\"first_name\":\"Cleo\"},"
  "\"line_items\":[]}";

static const char auth_error_json[] =
  "{\"code\":\"woocommerce_rest_authentication_error\",\"message\":\"Invalid signature - provided signature "
  "does not match.\",\"data\":{\"status\":401}}";

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body,
         guint              total)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *total_text = g_strdup_printf ("%u", total);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
  if (status == 200 && g_str_has_prefix (type, "application/json"))
    {
      soup_message_headers_replace (headers, "X-WP-Total", total_text);
      soup_message_headers_replace (headers, "X-WP-TotalPages", total > 0 ? "1" : "0");
    }
}

static gboolean
authorized (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *encoded = g_base64_encode ((const guchar *)KEY ":" SECRET, strlen (KEY ":" SECRET));
  g_autofree char *expected = g_strconcat ("Basic ", encoded, NULL);

  return g_strcmp0 (auth, expected) == 0;
}

/* As Shopify answers a token it does not know. */
static const char shopify_unauthorized_json[] =
  "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}";

/* The answer to the check: a token without read_all_orders. */
static const char shopify_check_json[] =
  "{\"data\":{\"shop\":{\"name\":\"Test\",\"myshopifyDomain\":\"test.myshopify.com\"},"
  "\"currentAppInstallation\":{\"accessScopes\":[{\"handle\":\"read_customers\"},{\"handle\":\"read_orders\"}]},"
  "\"ordersCount\":{\"count\":12,\"precision\":\"EXACT\"}},"
  "\"extensions\":{\"cost\":{\"requestedQueryCost\":3,\"actualQueryCost\":3,"
  "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":1997,\"restoreRate\":100.0}}}}";

/* Any other question (the sync after connecting): nothing there yet. */
static const char shopify_empty_json[] =
  "{\"data\":{\"orders\":{\"nodes\":[],\"edges\":[],\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":null}},"
  "\"customers\":{\"nodes\":[],\"edges\":[],\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":null}}},"
  "\"extensions\":{\"cost\":{\"requestedQueryCost\":2,\"actualQueryCost\":2,"
  "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":1998,\"restoreRate\":100.0}}}}";

static void
shopify_handler (Fixture           *f,
                 SoupServerMessage *msg,
                 const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = soup_message_headers_get_one (headers, "X-Shopify-Access-Token");
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) request = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (request, NULL), g_bytes_get_size (request));

  if (g_strcmp0 (path, "/admin/api/" REG_SHOPIFY_API_VERSION "/graphql.json") != 0 ||
      g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    respond (msg, 404, "application/json; charset=utf-8", "{\"errors\":\"Not Found\"}", 0);
  else if (g_strcmp0 (token, SHOPIFY_TOKEN) != 0)
    respond (msg, 401, "application/json; charset=utf-8", shopify_unauthorized_json, 0);
  else
    {
      f->n_shopify_answered++;
      respond (msg, 200, "application/json; charset=utf-8",
               strstr (text, "currentAppInstallation") ? shopify_check_json : shopify_empty_json, 0);
    }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  const char *page = query ? g_hash_table_lookup (query, "page") : NULL;
  const char *offset = query ? g_hash_table_lookup (query, "offset") : NULL;
  gboolean later_page = (page != NULL && g_strcmp0 (page, "1") != 0) || (offset != NULL && g_strcmp0 (offset, "0") != 0);

  if (g_str_has_prefix (path, "/admin/"))
    {
      shopify_handler (f, msg, path);
      return;
    }

  if (f->mode == SHOP_WEB_PAGE)
    {
      respond (msg, 200, "text/html; charset=UTF-8", "<!DOCTYPE html><html><body>My blog</body></html>", 0);
      return;
    }

  if (!authorized (msg))
    {
      respond (msg, 401, "application/json; charset=UTF-8", auth_error_json, 0);
      return;
    }

  if (g_str_has_suffix (path, "/wp-json/wc/v3/customers"))
    respond (msg, 200, "application/json; charset=UTF-8", "[]", 0);
  else if (g_str_has_suffix (path, "/wp-json/wc/v3/orders") && f->mode == SHOP_STALL_ORDERS &&
           g_strcmp0 (g_hash_table_lookup (query, "per_page"), "1") != 0)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (f->stalled, g_object_ref (msg));
    }
  else if (g_str_has_suffix (path, "/wp-json/wc/v3/orders") && !later_page &&
           (f->mode == SHOP_BAD_ORDER || f->mode == SHOP_FIXED_ORDER))
    {
      g_autofree char *third = g_strdup (bad_order_json);
      g_autofree char *three = NULL;

      if (f->mode == SHOP_FIXED_ORDER)
        memcpy (strstr (third, "XYZ"), "EUR", 3);
      three = g_strdup_printf ("%.*s,%s]", (int)strlen (orders_json) - 1, orders_json, third);

      respond (msg, 200, "application/json; charset=UTF-8", three, 3);
    }
  else if (g_str_has_suffix (path, "/wp-json/wc/v3/orders"))
    respond (msg, 200, "application/json; charset=UTF-8", later_page ? "[]" : orders_json, 2);
  else
    respond (msg, 404, "application/json; charset=UTF-8",
             "{\"code\":\"rest_no_route\",\"message\":\"No route was found matching the URL and request method.\","
             "\"data\":{\"status\":404}}", 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
  f->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  f->statuses = g_ptr_array_new_with_free_func (g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);

  /* No keyring in here: the keys come from the environment, as the CLI's do. */
  g_setenv ("REGULARS_WC_KEY", KEY, TRUE);
  g_setenv ("REGULARS_WC_SECRET", SECRET, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  reg_test_iterate (50);
  for (guint i = 0; i < f->stalled->len; i++)
    soup_server_message_unpause (g_ptr_array_index (f->stalled, i));
  g_clear_pointer (&f->stalled, g_ptr_array_unref);
  g_clear_object (&f->server);
  reg_test_iterate (50);
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->statuses, g_ptr_array_unref);
}

static GtkWidget *
child_of (gpointer    dialog,
          const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), G_OBJECT_TYPE (dialog), name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
type_into (gpointer    dialog,
           const char *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child_of (dialog, row)), text);
}

static gboolean
answered (gconstpointer data)
{
  GtkLabel *label = GTK_LABEL (child_of ((gpointer)data, "result_label"));
  const char *text = gtk_label_get_text (label);

  return text[0] != '\0' && strstr (text, "Asking") == NULL;
}

static const char *
test_and_wait (gpointer    dialog,
               const char *button)
{
  GtkLabel *label = GTK_LABEL (child_of (dialog, "result_label"));

  g_assert_true (gtk_widget_get_sensitive (child_of (dialog, button)));
  /* "clicked" right away; activating a button clicks it only after a moment. */
  g_signal_emit_by_name (child_of (dialog, button), "clicked");
  g_assert_nonnull (strstr (gtk_label_get_text (label), "Asking"));
  reg_test_wait_until (answered, dialog, "the shop dialog says how the test went");

  return gtk_label_get_text (label);
}

static guint
n_sources (Fixture *f)
{
  g_autoptr(GPtrArray) sources = reg_store_list_sources (f->store, NULL);

  return sources ? sources->len : 0;
}

static void
test_connect_dialog (Fixture       *f,
                     gconstpointer  data)
{
  RegShopDialog *dialog = reg_shop_dialog_new (NULL, f->store);
  GtkWidget *result;
  const char *text;

  gtk_window_present (GTK_WINDOW (dialog));
  result = child_of (dialog, "result_label");

  /* Nothing to test with until address, key and secret are there. */
  g_assert_false (gtk_widget_get_sensitive (child_of (dialog, "test_button")));
  type_into (dialog, "url_row", f->url);
  type_into (dialog, "key_row", KEY);
  type_into (dialog, "secret_row", "cs_not_the_secret");

  /* The name starts as the shop's address. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (dialog, "name_row"))), ==, "127.0.0.1");

  /* A wrong secret: said in plain words, and where to find the right one. */
  text = test_and_wait (dialog, "test_button");
  g_assert_nonnull (strstr (text, "does not accept this key and secret"));
  g_assert_nonnull (strstr (text, "REST API"));
  g_assert_null (strstr (text, "cs_not_the_secret"));
  g_assert_null (strstr (text, KEY));
  g_assert_true (gtk_widget_has_css_class (result, "error"));

  /* Connecting with it keeps nothing. */
  text = test_and_wait (dialog, "connect_button");
  g_assert_nonnull (strstr (text, "does not accept"));
  g_assert_cmpuint (n_sources (f), ==, 0);

  /* A blog at the address: not a shop. */
  f->mode = SHOP_WEB_PAGE;
  text = test_and_wait (dialog, "test_button");
  g_assert_nonnull (strstr (text, "WooCommerce"));
  g_assert_true (gtk_widget_has_css_class (result, "error"));

  /* The right key. */
  f->mode = SHOP_FINE;
  type_into (dialog, "secret_row", SECRET);
  text = test_and_wait (dialog, "test_button");
  g_assert_cmpstr (text, ==, "Connected: the key can read orders and customers.");
  g_assert_true (gtk_widget_has_css_class (result, "success"));

  /* Without a keyring (as here) the shop is not kept: its key would be lost. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      text = test_and_wait (dialog, "connect_button");
      g_assert_nonnull (strstr (text, "keyring"));
      g_assert_cmpuint (n_sources (f), ==, 0);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
status_cb (RegSyncManager *manager,
           GParamSpec     *pspec,
           Fixture        *f)
{
  const char *status = reg_sync_manager_get_status (manager);

  if (status != NULL)
    g_ptr_array_add (f->statuses, g_strdup (status));
}

static void
open_window (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RegHttpPolicy policy;

  g_assert_cmpint (reg_store_add_source (f->store, REG_ORIGIN_WOOCOMMERCE, "Tea Garden", f->url, &error), >, 0);
  g_assert_no_error (error);

  f->window = reg_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));

  reg_http_policy_init (&policy);
  policy.base_delay_ms = 10;
  policy.max_delay_ms = 50;
  reg_sync_manager_set_policy (reg_window_get_sync_manager (f->window), &policy);
  g_signal_connect (reg_window_get_sync_manager (f->window), "notify::status", G_CALLBACK (status_cb), f);
}

static gboolean
sync_done (gconstpointer data)
{
  const Fixture *f = data;

  return !reg_sync_manager_get_running (reg_window_get_sync_manager (f->window));
}

static gboolean
list_has_two (gconstpointer data)
{
  const Fixture *f = data;
  RegContactList *list = reg_window_get_contact_list (f->window);

  return !reg_contact_list_get_loading (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) == 2;
}

static gboolean
statuses_contain (Fixture    *f,
                  const char *text)
{
  for (guint i = 0; i < f->statuses->len; i++)
    if (strstr (g_ptr_array_index (f->statuses, i), text) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
order_listed (gconstpointer data)
{
  return reg_test_shows_text (GTK_WIDGET (data), "Green tea");
}

static gboolean
shown_with_tooltip (GtkWidget  *widget,
                    const char *tooltip)
{
  if (gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shown_with_tooltip (child, tooltip))
      return TRUE;

  return FALSE;
}

static void
test_sync_now (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *button;
  GtkWidget *pane;
  g_autoptr(RegSource) source = NULL;
  g_autoptr(GArray) ids = NULL;

  open_window (f);
  button = reg_test_find_by_action (GTK_WIDGET (f->window), "win.sync");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (reg_sync_manager_get_running (reg_window_get_sync_manager (f->window)));
  reg_test_iterate (20);
  /* While it runs the window stays usable, and Sync Now is not offered twice. */
  if (!sync_done (f))
    g_assert_false (gtk_widget_get_sensitive (button));
  reg_test_wait_until (sync_done, f, "the sync has finished");

  /* The customers are in the list, with the orders' figures. */
  reg_test_wait_until (list_has_two, f, "the list shows the shop's two customers");
  g_assert_true (statuses_contain (f, "Tea Garden"));
  g_assert_true (statuses_contain (f, "Orders: "));
  g_assert_false (reg_test_shows_text (GTK_WIDGET (f->window), "Retry"));

  source = reg_store_find_source (f->store, "Tea Garden", NULL);
  g_assert_nonnull (source);
  g_assert_true (source->last_ok);
  g_assert_cmpint (source->last_sync_at, >, 0);

  /* Ada's pane says where she is from, and her order opens in the shop. */
  ids = reg_store_query_contact_ids (f->store, "ada@example.com", REG_CONTACT_SORT_NAME, FALSE, 0, NULL, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  reg_contact_selection_set_selected_id (reg_window_get_selection (f->window), g_array_index (ids, gint64, 0));
  pane = GTK_WIDGET (reg_test_find_widget (GTK_WIDGET (f->window), REG_TYPE_CONTACT_PANE));
  reg_contact_pane_set_page (REG_CONTACT_PANE (pane), "history");
  reg_test_wait_until (order_listed, pane, "Ada's order is in her history");
  g_assert_true (reg_test_shows_text (pane, "From: Tea Garden"));
  g_assert_true (shown_with_tooltip (pane, "Open in the Shop"));
  g_assert_false (shown_with_tooltip (pane, "Remove Purchase"));
}

static gboolean
retry_offered (gconstpointer data)
{
  const Fixture *f = data;

  return sync_done (f) && reg_test_find_button (GTK_WIDGET (f->window), "_Retry") != NULL;
}

static void
test_sync_fails_then_retry (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *retry;

  g_setenv ("REGULARS_WC_SECRET", "cs_an_old_secret", TRUE);
  open_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync", NULL);
  reg_test_wait_until (retry_offered, f, "a failed sync offers Retry");

  /* It says which shop, and why, in plain words; never the secret. */
  g_assert_true (reg_test_shows_text (GTK_WIDGET (f->window), "Tea Garden: The shop does not accept this key"));
  g_assert_false (reg_test_shows_text (GTK_WIDGET (f->window), "cs_an_old_secret"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reg_window_get_contact_list (f->window))), ==, 0);

  /* The owner fixes the key and presses Retry. */
  g_setenv ("REGULARS_WC_SECRET", SECRET, TRUE);
  retry = reg_test_find_button (GTK_WIDGET (f->window), "_Retry");
  g_signal_emit_by_name (retry, "clicked");
  reg_test_wait_until (sync_done, f, "the sync has finished");
  reg_test_wait_until (list_has_two, f, "the list shows the shop's two customers");
}

static gboolean
waiting_for_orders (gconstpointer data)
{
  const Fixture *f = data;

  return f->stalled->len > 0;
}

static gboolean
progress_shown (gconstpointer data)
{
  return reg_test_shows_text (GTK_WIDGET (data), "Tea Garden — ");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  GtkRevealer *revealer;
  g_autoptr(RegSource) source = NULL;

  f->mode = SHOP_STALL_ORDERS;
  open_window (f);
  revealer = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->window), REG_TYPE_WINDOW, "sync_revealer"));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync", NULL);
  reg_test_wait_until (waiting_for_orders, f, "the sync asks for orders");

  /* The progress and a Cancel button are on screen. */
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  reg_test_wait_until (progress_shown, revealer, "the shop's name is shown with the progress");
  g_assert_nonnull (reg_test_find_button (GTK_WIDGET (revealer), "_Cancel"));

  g_signal_emit_by_name (reg_test_find_button (GTK_WIDGET (revealer), "_Cancel"), "clicked");
  reg_test_wait_until (sync_done, f, "the sync has stopped");

  /* Cancelling is no failure: nothing to retry, and the bar goes away. */
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  reg_test_iterate (50);
  g_assert_null (reg_test_find_button (GTK_WIDGET (f->window), "_Retry"));

  source = reg_store_find_source (f->store, "Tea Garden", NULL);
  g_assert_nonnull (source);
}

/* The window of @type on screen, if there is one. */
static GtkWidget *
shown_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }

  return NULL;
}

static gboolean
preferences_shown (gconstpointer data)
{
  return (*(GtkWidget **)data = shown_window (ADW_TYPE_PREFERENCES_WINDOW)) != NULL;
}

static gboolean
row_says (gconstpointer data)
{
  const char * const *what = data;
  GtkWidget *prefs = (GtkWidget *)what[0];

  return reg_test_shows_text (prefs, what[1]);
}

static guint
n_logged (Fixture *f)
{
  g_autoptr(RegSource) source = reg_store_find_source (f->store, "Tea Garden", NULL);
  g_autoptr(GPtrArray) log = reg_store_get_sync_log (f->store, source->id, 0, NULL);

  return log->len;
}

/* A record the sync could not use is listed in Preferences with its
 * reason; once it is fixed in the shop, Retry brings it in. */
static void
test_skipped_and_retried (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *prefs = NULL;
  GtkWidget *row;
  GtkWidget *retry;
  const char *says_synced[] = { NULL, "Synced " };
  const char *says_why[] = { NULL, "XYZ" };

  f->mode = SHOP_BAD_ORDER;
  open_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync", NULL);
  reg_test_wait_until (sync_done, f, "the sync has finished");
  reg_test_wait_until (list_has_two, f, "the two good orders' customers are listed");
  g_assert_cmpuint (n_logged (f), ==, 1);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL);
  reg_test_wait_until (preferences_shown, &prefs, "Preferences are open");
  says_synced[0] = says_why[0] = (const char *)prefs;
  reg_test_wait_until (row_says, says_synced, "the shop's row says when it was synced");

  row = reg_test_find_row (prefs, "Tea Garden");
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  reg_test_wait_until (row_says, says_why, "the skipped order is listed with its reason");

  /* The owner fixes the order in the shop, then retries. */
  f->mode = SHOP_FIXED_ORDER;
  retry = reg_test_find_button (row, "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_sensitive (retry));
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (reg_sync_manager_get_running (reg_window_get_sync_manager (f->window)));
  reg_test_wait_until (sync_done, f, "the sync has finished again");

  g_assert_cmpuint (n_logged (f), ==, 0);
  g_assert_cmpint (reg_store_count_orders (f->store, NULL), ==, 3);
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 3);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
shopify_dialog_shown (gconstpointer data)
{
  return (*(GtkWidget **)data = shown_window (REG_TYPE_SHOPIFY_DIALOG)) != NULL;
}

static gboolean
dialog_gone (gconstpointer data)
{
  return shown_window (REG_TYPE_SHOPIFY_DIALOG) == NULL;
}

static gboolean
sensitive (gpointer    dialog,
           const char *name)
{
  return gtk_widget_get_sensitive (child_of (dialog, name));
}

static gboolean
shown (gpointer    dialog,
       const char *name)
{
  return gtk_widget_get_visible (child_of (dialog, name));
}

/* Preferences → Shops → Connect Shopify Store, in the real window, against
 * a store on 127.0.0.1 that answers as Shopify's GraphQL Admin API does. */
static void
test_connect_shopify (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *keyring = g_build_filename (f->dir, "keyring", NULL);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GString) port = NULL;
  GtkWidget *prefs = NULL;
  GtkWidget *dialog = NULL;
  GtkWidget *address_error;
  GtkWidget *result;
  RegSource *source;
  const char *text;

  /* A keyring of its own, in a file, so that connecting can keep the token. */
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);

  f->window = reg_window_new (NULL, f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL);
  reg_test_wait_until (preferences_shown, &prefs, "Preferences are open");

  gtk_widget_activate (reg_test_find_by_action (prefs, "prefs.connect-shopify"));
  reg_test_wait_until (shopify_dialog_shown, &dialog, "the Shopify dialog is open");
  address_error = child_of (dialog, "address_error");
  result = child_of (dialog, "result_label");

  /* Nothing to test or keep until there is a store and a token. */
  g_assert_false (sensitive (dialog, "test_button"));
  g_assert_false (sensitive (dialog, "connect_button"));
  g_assert_true (shown (dialog, "token_row"));
  g_assert_false (shown (dialog, "client_id_row"));

  /* Another kind of shop's address: said under the address, in words. */
  type_into (dialog, "token_row", SHOPIFY_WRONG_TOKEN);
  type_into (dialog, "url_row", "https://shop.example.com");
  g_assert_true (gtk_widget_get_visible (address_error));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (address_error)), !=, "");
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (address_error)), "(null)"));
  g_assert_true (gtk_widget_has_css_class (child_of (dialog, "url_row"), "error"));
  g_assert_false (sensitive (dialog, "test_button"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (dialog, "name_row"))), ==, "");

  /* The store here. */
  type_into (dialog, "url_row", f->url);
  g_assert_false (gtk_widget_get_visible (address_error));
  g_assert_false (gtk_widget_has_css_class (child_of (dialog, "url_row"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (dialog, "name_row"))), ==, "127.0.0.1");
  g_assert_true (sensitive (dialog, "test_button"));

  /* The client ID way asks for two things instead of one. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (dialog, "client_check")), TRUE);
  g_assert_false (shown (dialog, "token_row"));
  g_assert_true (shown (dialog, "client_id_row"));
  g_assert_true (shown (dialog, "client_secret_row"));
  g_assert_false (sensitive (dialog, "test_button"));
  type_into (dialog, "client_id_row", "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  g_assert_false (sensitive (dialog, "test_button"));
  type_into (dialog, "client_secret_row", "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");
  g_assert_true (sensitive (dialog, "test_button"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (dialog, "token_check")), TRUE);
  g_assert_true (shown (dialog, "token_row"));
  g_assert_false (shown (dialog, "client_secret_row"));

  /* (a) A token the store does not know: said in plain words, never shown. */
  text = test_and_wait (dialog, "test_button");
  g_assert_true (gtk_widget_has_css_class (result, "error"));
  g_assert_nonnull (strstr (text, "token"));
  g_assert_null (strstr (text, SHOPIFY_WRONG_TOKEN));
  g_assert_null (strstr (text, "[API]"));
  g_assert_null (strstr (text, "401"));
  g_assert_cmpuint (f->n_shopify_answered, ==, 0);

  /* Typing while the store is asked drops the question: its answer would
   * be about what was there before. */
  g_signal_emit_by_name (child_of (dialog, "test_button"), "clicked");
  g_assert_false (sensitive (dialog, "test_button"));
  type_into (dialog, "token_row", SHOPIFY_TOKEN);
  g_assert_true (sensitive (dialog, "test_button"));
  g_assert_false (gtk_widget_get_visible (result));
  reg_test_iterate (300);
  g_assert_false (gtk_widget_get_visible (result));

  /* (b) The right token, without read_all_orders: it works, within 60 days. */
  text = test_and_wait (dialog, "test_button");
  g_assert_true (g_str_has_prefix (text, "Connected"));
  g_assert_nonnull (strstr (text, "60 days"));
  g_assert_nonnull (strstr (text, "read_all_orders"));
  g_assert_null (strstr (text, SHOPIFY_TOKEN));
  g_assert_true (gtk_widget_has_css_class (result, "warning"));
  g_assert_cmpuint (f->n_shopify_answered, ==, 1);
  g_assert_cmpuint (n_sources (f), ==, 0);

  /* Connecting keeps it, and the new shop is listed with the others. */
  g_assert_true (sensitive (dialog, "connect_button"));
  g_signal_emit_by_name (child_of (dialog, "connect_button"), "clicked");
  reg_test_wait_until (dialog_gone, NULL, "the dialog closes once the store is kept");

  sources = reg_store_list_sources (f->store, NULL);
  g_assert_cmpuint (sources->len, ==, 1);
  source = g_ptr_array_index (sources, 0);
  g_assert_cmpint (source->platform, ==, REG_ORIGIN_SHOPIFY);
  g_assert_cmpstr (source->name, ==, "127.0.0.1");
  port = g_string_new (f->url);
  g_string_truncate (port, port->len - (g_str_has_suffix (f->url, "/") ? 1 : 0));
  g_assert_true (g_str_has_prefix (source->url, port->str));
  g_assert_nonnull (reg_test_find_row (prefs, "127.0.0.1"));
  g_assert_true (ADW_IS_EXPANDER_ROW (reg_test_find_row (prefs, "127.0.0.1")));

  /* The window syncs the new store right away, with the token it kept. */
  reg_test_wait_until (sync_done, f, "the first sync has finished");
  g_assert_cmpuint (f->n_shopify_answered, >, 2);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_unsetenv ("SECRET_BACKEND");
  g_unsetenv ("SECRET_FILE_TEST_PATH");
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/shop-window/connect-dialog", Fixture, NULL, fixture_set_up, test_connect_dialog, fixture_tear_down);
  g_test_add ("/shop-window/sync-now", Fixture, NULL, fixture_set_up, test_sync_now, fixture_tear_down);
  g_test_add ("/shop-window/sync-fails-then-retry", Fixture, NULL, fixture_set_up, test_sync_fails_then_retry,
              fixture_tear_down);
  g_test_add ("/shop-window/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/shop-window/skipped-and-retried", Fixture, NULL, fixture_set_up, test_skipped_and_retried,
              fixture_tear_down);
  /* Last: it leaves a keyring in place for the rest of the program. */
  g_test_add ("/shop-window/connect-shopify", Fixture, NULL, fixture_set_up, test_connect_shopify, fixture_tear_down);

  return g_test_run ();
}
