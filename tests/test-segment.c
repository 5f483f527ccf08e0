/* test-segment.c: segment rules, against a hand-made shop whose answers
 * are worked out by hand
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "reg-order.h"
#include "reg-segment.h"
#include "reg-source.h"
#include "reg-test-util.h"

/* 2026-09-21 14:13:20 UTC, a Monday; tests run with TZ=UTC. */
#define NOW G_GINT64_CONSTANT (1790000000)
#define TODAY G_GINT64_CONSTANT (1789948800)  /* 2026-09-21 00:00 */
#define DAY G_GINT64_CONSTANT (86400)

/* Noon, @days days before today. */
#define AGO(days) (TODAY - (days) * DAY + 12 * 3600)

typedef struct
{
  char       *dir;
  RegStore   *store;
  GHashTable *names;  /* contact id → given name */
} Fixture;

/* The shop. Figures in EUR unless said:
 *
 *          city            postcode country     type       consent  origin       birthday    tags
 *   Anna   Berlin          10115    DE          retail     yes      manual       1990-09-25  VIP, Newsletter
 *   Ben    berlin          10245    Germany     wholesale  no       csv          1985-12-30  Wholesale
 *   Clara  München         80331    de          retail     unknown  woocommerce  2000-02-29  vip
 *   David  Wien            1010     AT          retail     yes      shopify      1975-01-05
 *   Eva    Zürich          8001     Switzerland retail     yes      manual       1995-03-01  Newsletter
 *   Felix  Berlin          10117    DE          wholesale  no       csv + Woo    —           VIP
 *   Greta  Köln            50667    Germany     retail     unknown  manual       1992-09-21
 *   Hugo   Paris           75001    FR          retail     yes      csv          1988-10-20  Café-Fan
 *   Ida    —               —        —           retail     unknown  manual       —
 *   Jonas  Berlin-Spandau  13597    DE          retail     yes      shopify      1980-02-28  VIP
 *   Karl   Graz            8010     Austria     wholesale  no       manual + Shopify 1970-06-15
 *   Lena   Berlin          10115    DE          retail     yes      woocommerce  1999-08-15  Newsletter, VIP
 *   (Zoe   Berlin, DE, VIP, €1,000.00 yesterday: in the trash, never a member)
 *
 *          orders that count (days ago: total)        spent   avg      first last  RFM           ABC
 *   Anna   10: 100, 40: 80, 200: 50                   230.00  76.67    200   10    champions     A
 *   Ben    100: 500, 400: 300                         800.00  400.00   400   100   loyal         A
 *   Clara  3: 20 (and 5: a refunded 999)              20.00   20.00    3     3     new           C
 *   David  30, 60, 90, 120: 25 each                   100.00  25.00    120   30    at_risk       B
 *   Eva    15: CHF 150, 45: CHF 150                   CHF 300 CHF 150  45    15    hibernating   C
 *   Felix  5, 400, 500, 600, 700: 40 each             200.00  40.00    700   5     cant_lose     B
 *   Greta  (2: a pending 60)                          —
 *   Hugo, Ida: no orders
 *   Jonas  91: 250                                    250.00  250.00   91    91    promising     C
 *   Karl   89, 90, 95: 100 each (and 1: a cancelled espresso machine)
 *                                                     300.00  100.00   95    89    at_risk       B
 *   Lena   0: 150 less 50 refunded, 365: 60           160.00  80.00    365   0     champions     A
 *
 * Products: Anna Green Tea (TEA-G), Mug (MUG-1), Coffee Beans (COF-1);
 * Ben Coffee Beans 5kg (COF-5); Clara Earl Grey Tea (TEA-E), refunded
 * Golden Teapot (POT-G); David Mug; Eva Green Tea; Felix Coffee Beans;
 * Greta pending Chai (TEA-C); Jonas Teapot (POT-1); Karl Green Tea,
 * cancelled Espresso Machine (ESP-1); Lena Matcha Tée (MAT-1).
 */

static gint64
add_customer (Fixture    *f,
              const char *name,
              const char *city,
              const char *postcode,
              const char *country,
              RegCustomerType type,
              RegConsent  consent,
              RegOrigin   origin,
              const char *birthday,
              const char *tags)
{
  g_autofree char *email = g_strdup_printf ("%s@example.com", name);
  g_autoptr(RegContact) contact = reg_test_contact_new (name, "Test", email);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tag_list = tags ? g_strsplit (tags, ",", -1) : NULL;
  gint64 id;

  reg_contact_set_city (contact, city);
  reg_contact_set_postcode (contact, postcode);
  reg_contact_set_country (contact, country);
  reg_contact_set_customer_type (contact, type);
  reg_contact_set_consent (contact, consent);
  reg_contact_set_origin (contact, origin);
  reg_contact_set_birthday (contact, birthday);
  reg_contact_set_tags (contact, (const char * const *)tag_list);

  reg_store_save_contact (f->store, contact, &error);
  g_assert_no_error (error);

  id = reg_contact_get_id (contact);
  g_hash_table_insert (f->names, g_memdup2 (&id, sizeof id), g_strdup (name));

  return id;
}

static void
add_order (Fixture        *f,
           gint64          contact_id,
           gint64          at,
           const char     *currency,
           gint64          total,
           RegOrderStatus  status,
           const char     *item,
           const char     *sku)
{
  g_autoptr(RegOrder) order = reg_order_new ();
  g_autoptr(GError) error = NULL;

  reg_order_set_contact_id (order, contact_id);
  reg_order_set_ordered_at (order, at);
  reg_order_set_status (order, status);
  reg_order_set_currency (order, currency);
  reg_order_set_total (order, total);
  if (status == REG_ORDER_STATUS_PARTIALLY_REFUNDED)
    reg_order_set_refunded (order, total / 3);
  reg_order_add_item (order, item, sku, 1, total);
  reg_store_save_order (f->store, order, &error);
  g_assert_no_error (error);
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (reg_store_get_path (f->store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const RegCustomerType R = REG_CUSTOMER_TYPE_RETAIL, W = REG_CUSTOMER_TYPE_WHOLESALE;
  const RegOrderStatus PAID = REG_ORDER_STATUS_PAID;
  g_autoptr(GError) error = NULL;
  gint64 anna, ben, clara, david, eva, felix, greta, jonas, karl, lena, zoe;
  gint64 woo, shopify;
  g_autofree char *sql = NULL;

  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
  f->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  anna = add_customer (f, "Anna", "Berlin", "10115", "DE", R, REG_CONSENT_YES, REG_ORIGIN_MANUAL,
                       "1990-09-25", "VIP,Newsletter");
  ben = add_customer (f, "Ben", "berlin", "10245", "Germany", W, REG_CONSENT_NO, REG_ORIGIN_CSV,
                      "1985-12-30", "Wholesale");
  clara = add_customer (f, "Clara", "München", "80331", "de", R, REG_CONSENT_UNKNOWN, REG_ORIGIN_WOOCOMMERCE,
                        "2000-02-29", "vip");
  david = add_customer (f, "David", "Wien", "1010", "AT", R, REG_CONSENT_YES, REG_ORIGIN_SHOPIFY,
                        "1975-01-05", NULL);
  eva = add_customer (f, "Eva", "Zürich", "8001", "Switzerland", R, REG_CONSENT_YES, REG_ORIGIN_MANUAL,
                      "1995-03-01", "Newsletter");
  felix = add_customer (f, "Felix", "Berlin", "10117", "DE", W, REG_CONSENT_NO, REG_ORIGIN_CSV, NULL, "VIP");
  greta = add_customer (f, "Greta", "Köln", "50667", "Germany", R, REG_CONSENT_UNKNOWN, REG_ORIGIN_MANUAL,
                        "1992-09-21", NULL);
  add_customer (f, "Hugo", "Paris", "75001", "FR", R, REG_CONSENT_YES, REG_ORIGIN_CSV, "1988-10-20", "Café-Fan");
  add_customer (f, "Ida", NULL, NULL, NULL, R, REG_CONSENT_UNKNOWN, REG_ORIGIN_MANUAL, NULL, NULL);
  jonas = add_customer (f, "Jonas", "Berlin-Spandau", "13597", "DE", R, REG_CONSENT_YES, REG_ORIGIN_SHOPIFY,
                        "1980-02-28", "VIP");
  karl = add_customer (f, "Karl", "Graz", "8010", "Austria", W, REG_CONSENT_NO, REG_ORIGIN_MANUAL,
                       "1970-06-15", NULL);
  lena = add_customer (f, "Lena", "Berlin", "10115", "DE", R, REG_CONSENT_YES, REG_ORIGIN_WOOCOMMERCE,
                       "1999-08-15", "Newsletter,VIP");
  zoe = add_customer (f, "Zoe", "Berlin", "10115", "DE", R, REG_CONSENT_YES, REG_ORIGIN_MANUAL,
                      "1990-09-22", "VIP");

  add_order (f, anna, AGO (10), "EUR", 10000, PAID, "Green Tea", "TEA-G");
  add_order (f, anna, AGO (40), "EUR", 8000, PAID, "Mug", "MUG-1");
  add_order (f, anna, AGO (200), "EUR", 5000, PAID, "Coffee Beans", "COF-1");
  add_order (f, ben, AGO (100), "EUR", 50000, PAID, "Coffee Beans 5kg", "COF-5");
  add_order (f, ben, AGO (400), "EUR", 30000, PAID, "Coffee Beans 5kg", "COF-5");
  add_order (f, clara, AGO (3), "EUR", 2000, PAID, "Earl Grey Tea", "TEA-E");
  add_order (f, clara, AGO (5), "EUR", 99900, REG_ORDER_STATUS_REFUNDED, "Golden Teapot", "POT-G");
  for (int i = 1; i <= 4; i++)
    add_order (f, david, AGO (30 * i), "EUR", 2500, PAID, "Mug", "MUG-1");
  add_order (f, eva, AGO (15), "CHF", 15000, PAID, "Green Tea", "TEA-G");
  add_order (f, eva, AGO (45), "CHF", 15000, PAID, "Green Tea", "TEA-G");
  add_order (f, felix, AGO (5), "EUR", 4000, PAID, "Coffee Beans", "COF-1");
  for (int i = 4; i <= 7; i++)
    add_order (f, felix, AGO (100 * i), "EUR", 4000, PAID, "Coffee Beans", "COF-1");
  add_order (f, greta, AGO (2), "EUR", 6000, REG_ORDER_STATUS_PENDING, "Chai", "TEA-C");
  add_order (f, jonas, AGO (91), "EUR", 25000, PAID, "Teapot", "POT-1");
  add_order (f, karl, AGO (89), "EUR", 10000, PAID, "Green Tea", "TEA-G");
  add_order (f, karl, AGO (90), "EUR", 10000, PAID, "Green Tea", "TEA-G");
  add_order (f, karl, AGO (95), "EUR", 10000, PAID, "Green Tea", "TEA-G");
  add_order (f, karl, AGO (1), "EUR", 70000, REG_ORDER_STATUS_CANCELLED, "Espresso Machine", "ESP-1");
  add_order (f, lena, AGO (0), "EUR", 15000, REG_ORDER_STATUS_PARTIALLY_REFUNDED, "Matcha Tée", "MAT-1");
  add_order (f, lena, AGO (365), "EUR", 6000, PAID, "Matcha Tée", "MAT-1");
  add_order (f, zoe, AGO (1), "EUR", 100000, PAID, "Green Tea", "TEA-G");

  woo = reg_store_add_source (f->store, REG_ORIGIN_WOOCOMMERCE, "My Woo", "https://woo.example.com", &error);
  g_assert_no_error (error);
  shopify = reg_store_add_source (f->store, REG_ORIGIN_SHOPIFY, "My Shopify", "example", &error);
  g_assert_no_error (error);

  /* Links to shop accounts and scores, as a sync and the analysis leave them. */
  sql = g_strdup_printf ("INSERT INTO contact_links (source_id, remote_id, contact_id) VALUES "
                         "(%" G_GINT64_FORMAT ", '17', %" G_GINT64_FORMAT "), "
                         "(%" G_GINT64_FORMAT ", '18', %" G_GINT64_FORMAT "), "
                         "(%" G_GINT64_FORMAT ", 'gid://1', %" G_GINT64_FORMAT ");"
                         "INSERT INTO contact_scores VALUES "
                         "(%" G_GINT64_FORMAT ", 5, 3, 4, 1, 'A', 0), (%" G_GINT64_FORMAT ", 4, 4, 5, 2, 'A', 0), "
                         "(%" G_GINT64_FORMAT ", 5, 1, 1, 4, 'C', 0), (%" G_GINT64_FORMAT ", 2, 4, 2, 8, 'B', 0), "
                         "(%" G_GINT64_FORMAT ", 4, 2, 4, 10, 'C', 0), (%" G_GINT64_FORMAT ", 1, 5, 3, 9, 'B', 0), "
                         "(%" G_GINT64_FORMAT ", 2, 1, 4, 5, 'C', 0), (%" G_GINT64_FORMAT ", 2, 3, 4, 8, 'B', 0), "
                         "(%" G_GINT64_FORMAT ", 5, 2, 3, 1, 'A', 0), (%" G_GINT64_FORMAT ", 5, 1, 5, 1, 'A', 0);",
                         woo, felix, woo, clara, shopify, karl,
                         anna, ben, clara, david, eva, felix, jonas, karl, lena, zoe);
  exec_sql (f, sql);

  /* A newsletter list: Anna subscribed, Ben unsubscribed, Clara pending
   * (and Zoë, in the trash, subscribed). */
  {
    g_autofree char *lists = g_strdup_printf ("INSERT INTO lists (id, name, created_at) VALUES (1, 'Newsletter', 0);"
                                              "INSERT INTO list_members VALUES "
                                              "(1, %" G_GINT64_FORMAT ", 0, 0, 0, NULL), "
                                              "(1, %" G_GINT64_FORMAT ", 2, 0, 0, NULL), "
                                              "(1, %" G_GINT64_FORMAT ", 1, 0, 0, NULL), "
                                              "(1, %" G_GINT64_FORMAT ", 0, 0, 0, NULL);",
                                              anna, ben, clara, zoe);
    exec_sql (f, lists);
  }

  reg_store_trash_contact (f->store, zoe, &error);
  g_assert_no_error (error);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->names, g_hash_table_unref);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char **)a, *(char **)b);
}

/* The members' names, alphabetically, space-separated; checks the count
 * agrees with the list. */
static char *
members_at (Fixture              *f,
            const RegSegmentRule *rule,
            gint64                now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gint64 count;

  ids = reg_segment_member_ids (f->store, rule, now, REG_CONTACT_SORT_NAME, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);

  count = reg_segment_count (f->store, rule, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, ids->len);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *name = g_hash_table_lookup (f->names, &g_array_index (ids, gint64, i));

      g_assert_nonnull (name);
      g_ptr_array_add (names, (gpointer)name);
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **)names->pdata);
}

static char *
members_of_json_at (Fixture    *f,
                    const char *json,
                    gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (json, &error);

  if (error != NULL)
    g_error ("%s: %s", json, error->message);

  return members_at (f, rule, now);
}

static char *
members_of_json (Fixture    *f,
                 const char *json)
{
  return members_of_json_at (f, json, NOW);
}

#define EVERYONE "Anna Ben Clara David Eva Felix Greta Hugo Ida Jonas Karl Lena"

/* One condition per case: "field", "op", the JSON of "value", and the
 * members. Every field and operator is here (see test_coverage). */
typedef struct
{
  const char *field;
  const char *op;
  const char *value;
  const char *currency;
  const char *members;
} Case;

static const Case cases[] = {
  { "total_spent", "gt", "20000", "EUR", "Anna Ben Jonas Karl" },
  { "total_spent", "gt", "20000", "CHF", "Eva" },
  { "total_spent", "lt", "16000", "EUR", "Clara David" },
  { "total_spent", "between", "[16000, 23000]", "EUR", "Anna Felix Lena" },
  { "total_spent", "between", "[0, 100000000]", "eur", "Anna Ben Clara David Felix Jonas Karl Lena" },

  { "avg_order", "gt", "10000", "EUR", "Ben Jonas" },
  { "avg_order", "lt", "4000", "EUR", "Clara David" },
  { "avg_order", "between", "[7667, 10000]", "EUR", "Karl Lena" },   /* Anna's is 76.666… */
  { "avg_order", "between", "[7666, 8000]", "EUR", "Anna Lena" },
  { "avg_order", "gt", "10000", "CHF", "Eva" },

  { "n_orders", "is", "0", NULL, "Greta Hugo Ida" },
  { "n_orders", "is", "3", NULL, "Anna Karl" },
  { "n_orders", "is_not", "0", NULL, "Anna Ben Clara David Eva Felix Jonas Karl Lena" },
  { "n_orders", "gt", "2", NULL, "Anna David Felix Karl" },
  { "n_orders", "lt", "2", NULL, "Clara Greta Hugo Ida Jonas" },
  { "n_orders", "between", "[2, 3]", NULL, "Anna Ben Eva Karl Lena" },

  /* 2026-01-01 is 263 days ago, 06-01 112, 05-24 120, 06-22 91. */
  { "first_order", "before", "\"2026-01-01\"", NULL, "Ben Felix Lena" },
  { "first_order", "after", "\"2026-06-01\"", NULL, "Clara Eva Jonas Karl" },
  { "first_order", "between", "[\"2026-05-24\", \"2026-06-22\"]", NULL, "David Jonas Karl" },
  { "first_order", "in_last_days", "45", NULL, "Clara Eva" },
  { "first_order", "more_than_days_ago", "365", NULL, "Ben Felix" },

  { "last_order", "before", "\"2026-06-22\"", NULL, "Ben" },
  { "last_order", "after", "\"2026-09-16\"", NULL, "Clara Lena" },
  { "last_order", "between", "[\"2026-09-11\", \"2026-09-16\"]", NULL, "Anna Felix" },
  { "last_order", "between", "[\"2026-09-21\", \"2026-09-21\"]", NULL, "Lena" },
  { "last_order", "in_last_days", "90", NULL, "Anna Clara David Eva Felix Karl Lena" },
  { "last_order", "in_last_days", "0", NULL, "Lena" },
  { "last_order", "more_than_days_ago", "90", NULL, "Ben Jonas" },
  { "last_order", "more_than_days_ago", "0", NULL, "Anna Ben Clara David Eva Felix Jonas Karl" },

  { "bought", "contains", "\"tea\"", NULL, "Anna Clara Eva Jonas Karl" },
  { "bought", "contains", "\"TEE\"", NULL, "Lena" },
  { "bought", "contains", "\"pot\"", NULL, "Jonas" },            /* Clara's teapot was refunded */
  { "bought", "contains", "\"cof-\"", NULL, "Anna Ben Felix" },  /* by SKU */
  { "bought", "contains", "\"chai\"", NULL, "" },                /* only pending */
  { "bought", "not_contains", "\"espresso\"", NULL, EVERYONE },   /* Karl's was cancelled */
  { "bought", "not_contains", "\"mug\"", NULL, "Ben Clara Eva Felix Greta Hugo Ida Jonas Karl Lena" },

  { "tag", "has", "\"vip\"", NULL, "Anna Clara Felix Jonas Lena" },
  { "tag", "has", "\" VIP \"", NULL, "Anna Clara Felix Jonas Lena" },
  { "tag", "has", "\"cafe-fan\"", NULL, "Hugo" },
  { "tag", "has", "\"nobody\"", NULL, "" },
  { "tag", "has_not", "\"VIP\"", NULL, "Ben David Eva Greta Hugo Ida Karl" },

  { "city", "is", "\"BERLIN\"", NULL, "Anna Ben Felix Lena" },
  { "city", "is", "\"munchen\"", NULL, "Clara" },
  { "city", "is_not", "\"Berlin\"", NULL, "Clara David Eva Greta Hugo Ida Jonas Karl" },
  { "city", "contains", "\"berlin\"", NULL, "Anna Ben Felix Jonas Lena" },
  { "city", "contains", "\"Z\"", NULL, "Eva Karl" },

  { "postcode", "starts_with", "\"101\"", NULL, "Anna David Felix Lena" },
  { "postcode", "starts_with", "\"80\"", NULL, "Clara Eva Karl" },
  { "postcode", "starts_with", "\"%\"", NULL, "" },
  { "postcode", "starts_with", "\"_0\"", NULL, "" },

  { "country", "is", "\"Germany\"", NULL, "Anna Ben Clara Felix Greta Jonas Lena" },
  { "country", "is", "\"de\"", NULL, "Anna Ben Clara Felix Greta Jonas Lena" },
  { "country", "is", "\"FR\"", NULL, "Hugo" },
  { "country", "is_not", "\"DE\"", NULL, "David Eva Hugo Ida Karl" },
  { "country", "in", "[\"AT\", \"Switzerland\"]", NULL, "David Eva Karl" },
  { "country", "in", "[\"france\"]", NULL, "Hugo" },

  { "customer_type", "is", "\"wholesale\"", NULL, "Ben Felix Karl" },
  { "customer_type", "is", "\"Retail\"", NULL, "Anna Clara David Eva Greta Hugo Ida Jonas Lena" },
  { "customer_type", "is_not", "\"wholesale\"", NULL, "Anna Clara David Eva Greta Hugo Ida Jonas Lena" },

  { "consent", "is", "\"yes\"", NULL, "Anna David Eva Hugo Jonas Lena" },
  { "consent", "is", "\"no\"", NULL, "Ben Felix Karl" },
  { "consent", "is", "\"unknown\"", NULL, "Clara Greta Ida" },
  { "consent", "is_not", "\"yes\"", NULL, "Ben Clara Felix Greta Ida Karl" },

  { "source", "is", "\"manual\"", NULL, "Anna Eva Greta Ida Karl" },
  { "source", "is", "\"csv\"", NULL, "Ben Felix Hugo" },
  { "source", "is", "\"woocommerce\"", NULL, "Clara Felix Lena" },
  { "source", "is", "\"shopify\"", NULL, "David Jonas Karl" },
  { "source", "is_not", "\"woocommerce\"", NULL, "Anna Ben David Eva Greta Hugo Ida Jonas Karl" },
  { "source", "is_not", "\"manual\"", NULL, "Ben Clara David Felix Hugo Jonas Lena" },

  /* Today is 2026-09-21; 2027 has no 29 February. */
  { "birthday", "in_month", "9", NULL, "Anna Greta" },
  { "birthday", "in_month", "2", NULL, "Clara Jonas" },
  { "birthday", "within_next_days", "0", NULL, "Greta" },
  { "birthday", "within_next_days", "4", NULL, "Anna Greta" },
  { "birthday", "within_next_days", "29", NULL, "Anna Greta Hugo" },
  { "birthday", "within_next_days", "120", NULL, "Anna Ben David Greta Hugo" },       /* to 2027-01-19 */
  { "birthday", "within_next_days", "160", NULL, "Anna Ben David Greta Hugo Jonas" }, /* to 2027-02-28 */
  { "birthday", "within_next_days", "161", NULL, "Anna Ben Clara David Eva Greta Hugo Jonas" },
  { "birthday", "within_next_days", "365", NULL, "Anna Ben Clara David Eva Greta Hugo Jonas Karl Lena" },

  { "rfm_group", "is", "\"champions\"", NULL, "Anna Lena" },
  { "rfm_group", "is", "\"none\"", NULL, "Greta Hugo Ida" },
  { "rfm_group", "is_not", "\"champions\"", NULL, "Ben Clara David Eva Felix Greta Hugo Ida Jonas Karl" },
  { "rfm_group", "is_not", "\"none\"", NULL, "Anna Ben Clara David Eva Felix Jonas Karl Lena" },
  { "rfm_group", "in", "[\"at_risk\", \"cant_lose\"]", NULL, "David Felix Karl" },
  { "rfm_group", "in", "[\"new\", \"none\"]", NULL, "Clara Greta Hugo Ida" },

  { "abc_class", "is", "\"A\"", NULL, "Anna Ben Lena" },
  { "abc_class", "is", "\"b\"", NULL, "David Felix Karl" },
  { "abc_class", "is_not", "\"C\"", NULL, "Anna Ben David Felix Greta Hugo Ida Karl Lena" },

  { "list", "is", "\"newsletter\"", NULL, "Anna" },
  { "list", "has", "\"Newsletter\"", NULL, "Anna Ben Clara" },
  { "list", "is_not", "\"Newsletter\"", NULL, "Ben Clara David Eva Felix Greta Hugo Ida Jonas Karl Lena" },
  { "list", "has", "\"Wholesale news\"", NULL, "" },
};

static char *
case_json (const Case *c)
{
  g_autofree char *currency = c->currency ? g_strdup_printf (", \"currency\": \"%s\"", c->currency) : g_strdup ("");

  return g_strdup_printf ("{\"match\": \"all\", \"conditions\": [{\"field\": \"%s\", \"op\": \"%s\", "
                          "\"value\": %s%s}]}",
                          c->field, c->op, c->value, currency);
}

static void
test_field (Fixture       *f,
            gconstpointer  data)
{
  const char *field = data;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = NULL;
      g_autofree char *members = NULL;

      if (!g_str_equal (cases[i].field, field))
        continue;

      json = case_json (&cases[i]);
      members = members_of_json (f, json);
      if (g_strcmp0 (members, cases[i].members) != 0)
        g_error ("%s: got “%s”, expected “%s”", json, members, cases[i].members);
      n++;
    }

  g_assert_cmpuint (n, >, 0);
}

/* Every operator of every field has a case above. */
static void
test_coverage (void)
{
  for (RegSegmentField field = 0; field < REG_SEGMENT_N_FIELDS; field++)
    for (RegSegmentOp op = 0; op < REG_SEGMENT_N_OPS; op++)
      {
        gboolean found = FALSE;

        if (!reg_segment_field_allows_op (field, op))
          continue;

        for (guint i = 0; i < G_N_ELEMENTS (cases) && !found; i++)
          found = g_str_equal (cases[i].field, reg_segment_field_to_string (field)) &&
                  g_str_equal (cases[i].op, reg_segment_op_to_string (op));

        if (!found)
          g_error ("No case for %s %s", reg_segment_field_to_string (field), reg_segment_op_to_string (op));
      }
}

/* A 29 February birthday is on 1 March in years without one. */
static void
test_leap_birthdays (Fixture       *f,
                     gconstpointer  data)
{
  const char *today = "{\"conditions\": [{\"field\": \"birthday\", \"op\": \"within_next_days\", \"value\": 0}]}";
  const char *week = "{\"conditions\": [{\"field\": \"birthday\", \"op\": \"within_next_days\", \"value\": 6}]}";
  struct { gint64 now; const char *json; const char *members; } checks[] = {
    { G_GINT64_CONSTANT (1835438400), today, "Clara" },            /* 2028-02-29 */
    { G_GINT64_CONSTANT (1835524800), today, "Eva" },              /* 2028-03-01 */
    { G_GINT64_CONSTANT (1803902400), today, "Clara Eva" },        /* 2027-03-01 */
    { G_GINT64_CONSTANT (1803816000), today, "Jonas" },            /* 2027-02-28 */
    { G_GINT64_CONSTANT (1803816000), week, "Clara Eva Jonas" },
    { G_GINT64_CONSTANT (1835438400) - DAY, week, "Clara Eva Jonas" },   /* 2028-02-28 */
    /* New Year's Eve: the window wraps. */
    { G_GINT64_CONSTANT (1798632000), week, "Ben David" },         /* 2026-12-30 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autofree char *members = members_of_json_at (f, checks[i].json, checks[i].now);

      g_assert_cmpstr (members, ==, checks[i].members);
    }
}

static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  struct { const char *json; const char *members; } checks[] = {
    { "{\"match\": \"all\", \"conditions\": ["
      "  {\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"},"
      "  {\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 20000, \"currency\": \"EUR\"}]}",
      "Anna Ben" },
    { "{\"match\": \"any\", \"conditions\": ["
      "  {\"field\": \"city\", \"op\": \"is\", \"value\": \"Wien\"},"
      "  {\"field\": \"tag\", \"op\": \"has\", \"value\": \"Café-Fan\"}]}",
      "David Hugo" },
    /* all of: in Germany, any of: VIP, more than one order */
    { "{\"match\": \"all\", \"conditions\": [{\"field\": \"country\", \"op\": \"is\", \"value\": \"DE\"}],"
      " \"groups\": [{\"match\": \"any\", \"conditions\": ["
      "  {\"field\": \"tag\", \"op\": \"has\", \"value\": \"VIP\"},"
      "  {\"field\": \"n_orders\", \"op\": \"gt\", \"value\": 1}]}]}",
      "Anna Ben Clara Felix Jonas Lena" },
    /* any of: declined marketing, all of: in a Berlin, ordered this week */
    { "{\"match\": \"any\", \"conditions\": [{\"field\": \"consent\", \"op\": \"is\", \"value\": \"no\"}],"
      " \"groups\": [{\"match\": \"all\", \"conditions\": ["
      "  {\"field\": \"city\", \"op\": \"contains\", \"value\": \"berlin\"},"
      "  {\"field\": \"last_order\", \"op\": \"in_last_days\", \"value\": 7}]}]}",
      "Ben Felix Karl Lena" },
    /* Two groups side by side. */
    { "{\"match\": \"all\", \"groups\": ["
      " {\"match\": \"any\", \"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"},"
      "                                       {\"field\": \"city\", \"op\": \"is\", \"value\": \"Wien\"}]},"
      " {\"match\": \"any\", \"conditions\": [{\"field\": \"consent\", \"op\": \"is\", \"value\": \"yes\"},"
      "                                       {\"field\": \"customer_type\", \"op\": \"is\", \"value\": \"wholesale\"}]}]}",
      "Anna Ben David Felix Lena" },
    /* A rule without conditions is everyone, whatever it matches, trashed customers aside. */
    { "{\"match\": \"all\", \"conditions\": []}", EVERYONE },
    { "{\"match\": \"any\"}", EVERYONE },
    { "{}", EVERYONE },
    /* Empty groups are left out. */
    { "{\"match\": \"any\", \"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"value\": \"Paris\"}],"
      " \"groups\": [{\"match\": \"all\", \"conditions\": []}]}",
      "Hugo" },
    { "{\"match\": \"all\", \"groups\": [{\"match\": \"any\"}, {\"match\": \"all\", \"groups\": []}]}", EVERYONE },
    /* Nobody, and nobody's the same in an "any". */
    { "{\"match\": \"any\", \"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"value\": \"Rome\"},"
      "  {\"field\": \"tag\", \"op\": \"has\", \"value\": \"nobody\"}]}",
      "" },
    /* Customers without a last order match no date condition, even in an "any". */
    { "{\"match\": \"any\", \"conditions\": ["
      "  {\"field\": \"last_order\", \"op\": \"in_last_days\", \"value\": 3},"
      "  {\"field\": \"last_order\", \"op\": \"more_than_days_ago\", \"value\": 3}]}",
      "Anna Ben Clara David Eva Felix Jonas Karl Lena" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autofree char *members = members_of_json (f, checks[i].json);

      if (g_strcmp0 (members, checks[i].members) != 0)
        g_error ("%s: got “%s”, expected “%s”", checks[i].json, members, checks[i].members);
    }
}

/* Values that look like SQL are only values. */
static void
test_injection (Fixture       *f,
                gconstpointer  data)
{
  const char *values[] = {
    "x' OR 1=1 --", "x\" OR 1=1 --", "'); DROP TABLE contacts; --", "%", "_", "\\", "?", "?1", ":a", "' || '",
  };
  const char *fields[][2] = {
    { "city", "is" }, { "city", "contains" }, { "tag", "has" }, { "bought", "contains" },
    { "postcode", "starts_with" }, { "country", "is" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
      {
        g_autoptr(RegSegmentRule) rule = reg_segment_rule_new (REG_SEGMENT_MATCH_ALL);
        g_auto(RegSegmentSql) sql = { NULL, NULL };
        g_autoptr(GError) error = NULL;
        g_autofree char *members = NULL;
        RegSegmentField field;
        RegSegmentOp op;

        g_assert_true (reg_segment_field_from_string (fields[k][0], &field));
        g_assert_true (reg_segment_op_from_string (fields[k][1], &op));
        reg_segment_condition_add_text (reg_segment_rule_add_condition (rule, field, op), values[i]);

        g_assert_true (reg_segment_rule_compile (rule, NOW, &sql, &error));
        g_assert_no_error (error);
        if (strlen (values[i]) > 3)
          g_assert_null (strstr (sql.where, values[i]));
        g_assert_null (strstr (sql.where, "1=1"));
        g_assert_null (strstr (sql.where, "DROP"));

        members = members_at (f, rule, NOW);
        g_assert_cmpstr (members, ==, "");
      }

  /* Not in a list, nor as "not". */
  {
    g_autofree char *in_list = members_of_json (f, "{\"conditions\": [{\"field\": \"country\", \"op\": \"in\", "
                                                   "\"value\": [\"DE') OR 1=1 --\"]}]}");
    g_autofree char *is_not = members_of_json (f, "{\"conditions\": [{\"field\": \"city\", \"op\": \"is_not\", "
                                                  "\"value\": \"x' OR 1=1 --\"}]}");

    g_assert_cmpstr (in_list, ==, "");
    g_assert_cmpstr (is_not, ==, EVERYONE);
  }
  g_assert_cmpint (reg_store_count_contacts (f->store, NULL), ==, 12);
}

static void
assert_parse_error (const char *json,
                    int         code,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (json, &error);

  if (rule != NULL)
    g_error ("%s was read without an error", json);
  g_assert_error (error, REG_SEGMENT_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  else
    g_assert_cmpstr (error->message, !=, "");
}

#define ONE(field, op, value) \
  "{\"conditions\": [{\"field\": \"" field "\", \"op\": \"" op "\", \"value\": " value "}]}"

static void
test_parse_errors (void)
{
  assert_parse_error (ONE ("foo", "is", "1"), REG_SEGMENT_ERROR_UNKNOWN_FIELD,
                      "The rule uses a field Regulars does not know: “foo”.");
  assert_parse_error (ONE ("city", "like", "\"a\""), REG_SEGMENT_ERROR_UNKNOWN_OPERATOR,
                      "The rule uses a comparison Regulars does not know: “like”.");
  assert_parse_error (ONE ("city", "gt", "\"a\""), REG_SEGMENT_ERROR_UNKNOWN_OPERATOR,
                      "The field “city” cannot be compared with “gt”; it takes is, is_not, contains.");
  assert_parse_error (ONE ("birthday", "is", "3"), REG_SEGMENT_ERROR_UNKNOWN_OPERATOR, NULL);

  /* Values of the wrong kind or out of range. */
  assert_parse_error (ONE ("n_orders", "is", "\"three\""), REG_SEGMENT_ERROR_BAD_VALUE,
                      "The condition on “n_orders” needs a whole number.");
  assert_parse_error (ONE ("n_orders", "gt", "1.5"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("n_orders", "gt", "true"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("n_orders", "gt", "-1"), REG_SEGMENT_ERROR_BAD_VALUE,
                      "The condition on “n_orders” cannot use a negative number.");
  assert_parse_error (ONE ("n_orders", "between", "[5]"), REG_SEGMENT_ERROR_BAD_VALUE,
                      "“between” needs two values, the lower and the upper end, in the condition on “n_orders”.");
  assert_parse_error (ONE ("n_orders", "between", "5"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("n_orders", "between", "[1, 2, 3]"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("n_orders", "between", "[9, 2]"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("n_orders", "is", "[2]"), REG_SEGMENT_ERROR_BAD_VALUE,
                      "The condition on “n_orders” needs one value, not a list.");
  assert_parse_error ("{\"conditions\": [{\"field\": \"n_orders\", \"op\": \"is\"}]}", REG_SEGMENT_ERROR_BAD_VALUE,
                      "The condition on “n_orders” needs a “value”.");
  assert_parse_error (ONE ("total_spent", "gt", "100"), REG_SEGMENT_ERROR_BAD_VALUE,
                      "The condition on “total_spent” needs a currency, such as “EUR”.");
  assert_parse_error ("{\"conditions\": [{\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 1, "
                      "\"currency\": \"EURO\"}]}",
                      REG_SEGMENT_ERROR_BAD_VALUE, "“EURO” is not a currency Regulars knows.");
  assert_parse_error ("{\"conditions\": [{\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 12.5, "
                      "\"currency\": \"EUR\"}]}",
                      REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error ("{\"conditions\": [{\"field\": \"total_spent\", \"op\": \"gt\", \"value\": \"200\", "
                      "\"currency\": \"EUR\"}]}",
                      REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error ("{\"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"value\": \"Rome\", "
                      "\"currency\": \"EUR\"}]}",
                      REG_SEGMENT_ERROR_BAD_VALUE, "Only amounts have a currency, not “city”.");
  assert_parse_error (ONE ("birthday", "in_month", "13"), REG_SEGMENT_ERROR_BAD_VALUE,
                      "There is no month 13; months go from 1 to 12.");
  assert_parse_error (ONE ("birthday", "in_month", "0"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("birthday", "within_next_days", "400"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("last_order", "before", "\"2025-13-01\""), REG_SEGMENT_ERROR_BAD_VALUE,
                      "“2025-13-01” is not a date; write dates as YYYY-MM-DD, such as 2025-01-31.");
  assert_parse_error (ONE ("last_order", "before", "\"yesterday\""), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("last_order", "before", "\"2025-1-1\""), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("last_order", "before", "20250101"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("last_order", "between", "[\"2025-02-01\", \"2025-01-01\"]"),
                      REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("last_order", "in_last_days", "-1"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("last_order", "in_last_days", "\"90\""), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("customer_type", "is", "\"vip\""), REG_SEGMENT_ERROR_BAD_VALUE,
                      "“vip” is not a value “customer_type” can have; use one of: retail, wholesale.");
  assert_parse_error (ONE ("consent", "is", "true"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("source", "is", "\"ebay\""), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("rfm_group", "is", "\"heroes\""), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("rfm_group", "in", "[\"loyal\", \"heroes\"]"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("abc_class", "is", "\"D\""), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("country", "in", "\"DE\""), REG_SEGMENT_ERROR_BAD_VALUE,
                      "“in” needs a list of one or more values, in the condition on “country”.");
  assert_parse_error (ONE ("country", "in", "[]"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("country", "in", "[1]"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("city", "is", "\"\""), REG_SEGMENT_ERROR_BAD_VALUE,
                      "The condition on “city” needs a value.");
  assert_parse_error (ONE ("city", "is", "\"   \""), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("city", "is", "42"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("city", "is", "null"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);
  assert_parse_error (ONE ("tag", "has", "{}"), REG_SEGMENT_ERROR_BAD_VALUE, NULL);

  /* Too deep. */
  assert_parse_error ("{\"groups\": [{\"match\": \"any\", \"groups\": [{\"match\": \"all\"}]}]}",
                      REG_SEGMENT_ERROR_TOO_DEEP,
                      "Groups nest only one level: a group inside a group cannot hold more groups.");

  /* Not shaped like a rule. */
  assert_parse_error ("", REG_SEGMENT_ERROR_INVALID, NULL);
  assert_parse_error ("{", REG_SEGMENT_ERROR_INVALID, NULL);
  assert_parse_error ("[]", REG_SEGMENT_ERROR_INVALID, NULL);
  assert_parse_error ("\"all\"", REG_SEGMENT_ERROR_INVALID, NULL);
  assert_parse_error ("{\"match\": \"some\"}", REG_SEGMENT_ERROR_INVALID, "“match” must be “all” or “any”.");
  assert_parse_error ("{\"match\": \"all\", \"foo\": 1}", REG_SEGMENT_ERROR_INVALID,
                      "The rule has a part Regulars does not know: “foo”.");
  assert_parse_error ("{\"conditions\": [{\"field\": \"city\", \"op\": \"is\", \"valeu\": \"Rome\"}]}",
                      REG_SEGMENT_ERROR_INVALID, "The rule has a part Regulars does not know: “valeu”.");
  assert_parse_error ("{\"conditions\": \"city\"}", REG_SEGMENT_ERROR_INVALID, NULL);
  assert_parse_error ("{\"conditions\": [\"city\"]}", REG_SEGMENT_ERROR_INVALID, NULL);
  assert_parse_error ("{\"conditions\": [{\"op\": \"is\", \"value\": 1}]}", REG_SEGMENT_ERROR_INVALID,
                      "Every condition needs a “field”, such as “city”.");
  assert_parse_error ("{\"conditions\": [{\"field\": \"city\", \"value\": \"Rome\"}]}", REG_SEGMENT_ERROR_INVALID,
                      "The condition on “city” needs an “op”, such as “is”.");
  assert_parse_error ("{\"conditions\": [{\"match\": \"any\", \"conditions\": []}]}", REG_SEGMENT_ERROR_INVALID,
                      "A group inside “conditions” belongs in “groups”.");
  assert_parse_error ("{\"groups\": {}}", REG_SEGMENT_ERROR_INVALID, NULL);
  assert_parse_error ("{\"groups\": [1]}", REG_SEGMENT_ERROR_INVALID, NULL);
}

static void
test_round_trip (void)
{
  const char *canonical =
    "{\"match\":\"all\",\"conditions\":["
    "{\"field\":\"total_spent\",\"op\":\"between\",\"value\":[10000,20000],\"currency\":\"EUR\"},"
    "{\"field\":\"last_order\",\"op\":\"in_last_days\",\"value\":90},"
    "{\"field\":\"first_order\",\"op\":\"before\",\"value\":\"2025-01-31\"},"
    "{\"field\":\"customer_type\",\"op\":\"is\",\"value\":\"wholesale\"},"
    "{\"field\":\"abc_class\",\"op\":\"is_not\",\"value\":\"C\"},"
    "{\"field\":\"city\",\"op\":\"is\",\"value\":\"Zürich \\\"Altstadt\\\"\"}],"
    "\"groups\":[{\"match\":\"any\",\"conditions\":["
    "{\"field\":\"country\",\"op\":\"in\",\"value\":[\"DE\",\"Austria\"]},"
    "{\"field\":\"rfm_group\",\"op\":\"in\",\"value\":[\"at_risk\"]},"
    "{\"field\":\"birthday\",\"op\":\"within_next_days\",\"value\":7}]}]}";
  /* The same, written differently: keys in another order, "match" left out,
   * spaces, choices in capitals, an integral number written as a decimal. */
  const char *loose =
    "{ \"groups\": [ { \"conditions\": ["
    "    { \"value\": [\"DE\", \"Austria\"], \"op\": \"in\", \"field\": \"country\" },"
    "    { \"field\": \"rfm_group\", \"op\": \"in\", \"value\": [\"AT_RISK\"] },"
    "    { \"field\": \"birthday\", \"op\": \"within_next_days\", \"value\": 7.0 } ], \"match\": \"any\" } ],"
    "  \"conditions\": ["
    "    { \"currency\": \"eur\", \"field\": \"total_spent\", \"op\": \"between\", \"value\": [10000, 20000] },"
    "    { \"field\": \"last_order\", \"op\": \"in_last_days\", \"value\": 90 },"
    "    { \"field\": \"first_order\", \"op\": \"before\", \"value\": \"2025-01-31\" },"
    "    { \"field\": \"customer_type\", \"op\": \"is\", \"value\": \" Wholesale\" },"
    "    { \"field\": \"abc_class\", \"op\": \"is_not\", \"value\": \"c\" },"
    "    { \"field\": \"city\", \"op\": \"is\", \"value\": \" Zürich \\\"Altstadt\\\" \" } ] }";
  const char *inputs[] = { canonical, loose };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (inputs[i], &error);
      g_autoptr(RegSegmentRule) again = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_again = NULL;

      g_assert_no_error (error);
      json = reg_segment_rule_to_json (rule);
      g_assert_cmpstr (json, ==, canonical);

      again = reg_segment_rule_parse (json, &error);
      g_assert_no_error (error);
      json_again = reg_segment_rule_to_json (again);
      g_assert_cmpstr (json_again, ==, json);
    }

  /* Every case of the field table survives the trip too. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *input = case_json (&cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (input, &error);
      g_autoptr(RegSegmentRule) again = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_again = NULL;

      g_assert_no_error (error);
      json = reg_segment_rule_to_json (rule);
      again = reg_segment_rule_parse (json, &error);
      g_assert_no_error (error);
      json_again = reg_segment_rule_to_json (again);
      g_assert_cmpstr (json_again, ==, json);
    }

  {
    g_autoptr(RegSegmentRule) empty = reg_segment_rule_parse ("{}", NULL);
    g_autofree char *json = reg_segment_rule_to_json (empty);

    g_assert_cmpstr (json, ==, "{\"match\":\"all\",\"conditions\":[]}");
  }
}

static void
assert_description (const char *json,
                    const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (json, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = reg_segment_rule_describe (rule);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_describe (void)
{
  assert_description ("{\"match\": \"all\", \"conditions\": ["
                      "  {\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 20000, \"currency\": \"EUR\"},"
                      "  {\"field\": \"last_order\", \"op\": \"in_last_days\", \"value\": 90}]}",
                      "Customers who spent more than €200.00 and ordered in the last 90 days");
  assert_description ("{\"match\": \"any\", \"conditions\": ["
                      "  {\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"},"
                      "  {\"field\": \"tag\", \"op\": \"has\", \"value\": \"VIP\"},"
                      "  {\"field\": \"n_orders\", \"op\": \"is\", \"value\": 0}]}",
                      "Customers who live in Berlin, are tagged “VIP” or have not ordered yet");
  assert_description ("{\"match\": \"all\", \"conditions\": [{\"field\": \"country\", \"op\": \"is\", \"value\": \"DE\"}],"
                      " \"groups\": [{\"match\": \"any\", \"conditions\": ["
                      "  {\"field\": \"tag\", \"op\": \"has\", \"value\": \"VIP\"},"
                      "  {\"field\": \"n_orders\", \"op\": \"gt\", \"value\": 1}]}]}",
                      "Customers who live in Germany and (are tagged “VIP” or placed more than 1 order)");
  assert_description (ONE ("first_order", "between", "[\"2026-05-24\", \"2026-06-22\"]"),
                      "Customers who first ordered between 24 May 2026 and 22 June 2026");
  assert_description (ONE ("last_order", "more_than_days_ago", "1"),
                      "Customers who last ordered more than 1 day ago");
  assert_description (ONE ("birthday", "in_month", "3"), "Customers who have their birthday in March");
  assert_description (ONE ("birthday", "within_next_days", "0"), "Customers who have their birthday today");
  assert_description (ONE ("rfm_group", "in", "[\"at_risk\", \"cant_lose\", \"none\"]"),
                      "Customers who are in one of the groups “At risk”, “Can’t lose them” or “No orders yet”");
  assert_description (ONE ("rfm_group", "in", "[\"champions\"]"), "Customers who are in the group “Champions”");
  assert_description (ONE ("country", "in", "[\"DE\", \"Austria\", \"CH\"]"),
                      "Customers who live in Germany, Austria or Switzerland");
  assert_description ("{\"conditions\": [{\"field\": \"avg_order\", \"op\": \"between\", \"value\": [1000, 250000],"
                      " \"currency\": \"EUR\"}, {\"field\": \"source\", \"op\": \"is_not\", \"value\": \"shopify\"},"
                      " {\"field\": \"bought\", \"op\": \"not_contains\", \"value\": \"tea\"}]}",
                      "Customers who spend between €10.00 and €2,500.00 an order on average, did not come from "
                      "Shopify and never bought “tea”");
  assert_description ("{\"match\": \"any\", \"conditions\": ["
                      "  {\"field\": \"consent\", \"op\": \"is\", \"value\": \"yes\"},"
                      "  {\"field\": \"abc_class\", \"op\": \"is\", \"value\": \"a\"}]}",
                      "Customers who agreed to marketing or are in revenue class A");
  assert_description ("{}", "All customers");
  assert_description ("{\"groups\": [{\"match\": \"any\"}]}", "All customers");
  assert_description ("{\"groups\": [{\"conditions\": [{\"field\": \"postcode\", \"op\": \"starts_with\", "
                      "\"value\": \"10\"}]}]}",
                      "Customers who have a postcode starting with “10”");

  /* A rule put together wrongly says what is wrong. */
  {
    g_autoptr(RegSegmentRule) rule = reg_segment_rule_new (REG_SEGMENT_MATCH_ALL);
    g_autofree char *text = NULL;

    reg_segment_condition_add_number (reg_segment_rule_add_condition (rule, REG_SEGMENT_FIELD_BIRTHDAY,
                                                                      REG_SEGMENT_OP_IN_MONTH), 13);
    text = reg_segment_rule_describe (rule);
    g_assert_cmpstr (text, ==, "There is no month 13; months go from 1 to 12.");
  }
}

/* A rule put together in code, as the editor will. */
static void
test_builder (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RegSegmentRule) rule = reg_segment_rule_new (REG_SEGMENT_MATCH_ALL);
  g_autoptr(RegSegmentRule) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RegSegmentSql) sql = { NULL, NULL };
  g_autofree char *members = NULL;
  g_autofree char *json = NULL;
  RegSegmentCondition *condition;
  RegSegmentRule *group;

  condition = reg_segment_rule_add_condition (rule, REG_SEGMENT_FIELD_TOTAL_SPENT, REG_SEGMENT_OP_GT);
  reg_segment_condition_add_number (condition, 10000);
  reg_segment_condition_set_currency (condition, "eur");
  group = reg_segment_rule_add_group (rule, REG_SEGMENT_MATCH_ANY);
  reg_segment_condition_add_text (reg_segment_rule_add_condition (group, REG_SEGMENT_FIELD_CITY,
                                                                  REG_SEGMENT_OP_IS), "Berlin");
  reg_segment_condition_add_text (reg_segment_rule_add_condition (group, REG_SEGMENT_FIELD_SOURCE,
                                                                  REG_SEGMENT_OP_IS), "Shopify");

  g_assert_true (reg_segment_rule_check (rule, &error));
  g_assert_no_error (error);
  members = members_at (f, rule, NOW);
  /* Over €100.00: Anna Ben Felix Jonas Karl Lena; in Berlin or from Shopify. */
  g_assert_cmpstr (members, ==, "Anna Ben Felix Jonas Karl Lena");

  json = reg_segment_rule_to_json (rule);
  g_assert_cmpstr (json, ==,
                   "{\"match\":\"all\",\"conditions\":[{\"field\":\"total_spent\",\"op\":\"gt\",\"value\":10000,"
                   "\"currency\":\"EUR\"}],\"groups\":[{\"match\":\"any\",\"conditions\":["
                   "{\"field\":\"city\",\"op\":\"is\",\"value\":\"Berlin\"},"
                   "{\"field\":\"source\",\"op\":\"is\",\"value\":\"shopify\"}]}]}");
  parsed = reg_segment_rule_parse (json, &error);
  g_assert_no_error (error);

  /* A value of the wrong kind, and nesting too deep, are caught before any SQL. */
  condition = reg_segment_rule_add_condition (rule, REG_SEGMENT_FIELD_N_ORDERS, REG_SEGMENT_OP_IS);
  reg_segment_condition_add_text (condition, "3");
  g_assert_false (reg_segment_rule_compile (rule, NOW, &sql, &error));
  g_assert_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE);
  g_assert_null (sql.where);
  g_clear_error (&error);
  g_assert_cmpint (reg_segment_count (f->store, rule, NOW, NULL, &error), ==, -1);
  g_assert_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_null (reg_segment_member_ids (f->store, rule, NOW, REG_CONTACT_SORT_NAME, &error));
  g_assert_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE);
  g_clear_error (&error);

  g_assert_true (reg_segment_rule_check (parsed, NULL));
  reg_segment_rule_add_group (reg_segment_rule_add_group (parsed, REG_SEGMENT_MATCH_ANY), REG_SEGMENT_MATCH_ALL);
  g_assert_false (reg_segment_rule_check (parsed, &error));
  g_assert_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* What an editor offers. */
  g_assert_true (reg_segment_field_allows_op (REG_SEGMENT_FIELD_CITY, REG_SEGMENT_OP_CONTAINS));
  g_assert_false (reg_segment_field_allows_op (REG_SEGMENT_FIELD_CITY, REG_SEGMENT_OP_GT));
  g_assert_true (reg_segment_condition_takes_numbers (REG_SEGMENT_FIELD_LAST_ORDER, REG_SEGMENT_OP_IN_LAST_DAYS));
  g_assert_false (reg_segment_condition_takes_numbers (REG_SEGMENT_FIELD_LAST_ORDER, REG_SEGMENT_OP_BEFORE));
}

/* The compiled SQL works in a query of the caller's, after its own parameters. */
static void
test_compile_bind (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RegSegmentRule) rule = NULL;
  g_auto(RegSegmentSql) sql = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  rule = reg_segment_rule_parse ("{\"match\": \"any\", \"conditions\": ["
                                 " {\"field\": \"city\", \"op\": \"is\", \"value\": \"Berlin\"},"
                                 " {\"field\": \"n_orders\", \"op\": \"between\", \"value\": [4, 5]}]}", &error);
  g_assert_no_error (error);
  g_assert_true (reg_segment_rule_compile (rule, NOW, &sql, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sql.params->len, ==, 3);
  g_assert_cmpint (g_array_index (sql.params, RegSegmentParam, 0).type, ==, REG_SEGMENT_PARAM_TEXT);
  g_assert_cmpstr (g_array_index (sql.params, RegSegmentParam, 0).v_text, ==, "berlin");
  g_assert_cmpint (g_array_index (sql.params, RegSegmentParam, 1).type, ==, REG_SEGMENT_PARAM_INT64);
  g_assert_cmpint (g_array_index (sql.params, RegSegmentParam, 2).v_int64, ==, 5);

  /* Anna Ben Felix Lena in Berlin, David and Felix with 4–5 orders; of them,
   * David Felix Lena have addresses after "c". */
  query = g_strdup_printf ("SELECT count (*) FROM contacts AS c WHERE c.email_norm > ? AND c.deleted_at IS NULL AND %s",
                           sql.where);
  g_assert_cmpint (sqlite3_open_v2 (reg_store_get_path (f->store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, "c", -1, SQLITE_STATIC);
  g_assert_true (reg_segment_sql_bind (&sql, stmt, 2));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 3);
  g_assert_false (reg_segment_sql_bind (&sql, stmt, 3));    /* one too far */
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (ONE ("n_orders", "gt", "0"), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *expected = "Clara Jonas Ben Eva Lena Anna Karl David Felix";
  g_autoptr(GString) names = g_string_new (NULL);

  /* By orders, ties by id (the order they were added). */
  ids = reg_segment_member_ids (f->store, rule, NOW, REG_CONTACT_SORT_ORDERS, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? " " : "",
                            (char *)g_hash_table_lookup (f->names, &g_array_index (ids, gint64, i)));
  g_assert_cmpstr (names->str, ==, expected);

  /* By last order: the longest ago first. */
  g_clear_pointer (&ids, g_array_unref);
  g_string_truncate (names, 0);
  ids = reg_segment_member_ids (f->store, rule, NOW, REG_CONTACT_SORT_LAST_ORDER, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? " " : "",
                            (char *)g_hash_table_lookup (f->names, &g_array_index (ids, gint64, i)));
  g_assert_cmpstr (names->str, ==, "Ben Jonas Karl David Eva Anna Felix Clara Lena");
}

typedef struct
{
  RegStore       *store;
  RegSegmentRule *rule;
  GCancellable   *cancellable;
  gint64          count;
  GError         *error;
  gboolean        started;
  gboolean        done;
  GMutex          lock;
  GCond           cond;
} CountJob;

static gpointer
count_thread (gpointer data)
{
  CountJob *job = data;
  gint64 count;

  g_mutex_lock (&job->lock);
  job->started = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);

  count = reg_segment_count (job->store, job->rule, NOW, job->cancellable, &job->error);

  g_mutex_lock (&job->lock);
  job->count = count;
  job->done = TRUE;
  g_mutex_unlock (&job->lock);

  return NULL;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start, full;

  /* Enough customers that a count takes a while: a slow condition on each. */
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Many%05u", i);
      RegContact *contact = reg_test_contact_new (name, "Test", NULL);

      reg_contact_set_city (contact, i % 2 ? "Lübeck" : "Lüneburg");
      g_ptr_array_add (contacts, contact);
    }
  reg_store_insert_contacts (f->store, contacts, &error);
  g_assert_no_error (error);

  rule = reg_segment_rule_parse ("{\"match\": \"any\", \"conditions\": ["
                                 " {\"field\": \"city\", \"op\": \"contains\", \"value\": \"beck\"},"
                                 " {\"field\": \"bought\", \"op\": \"contains\", \"value\": \"nothing like it\"},"
                                 " {\"field\": \"tag\", \"op\": \"has_not\", \"value\": \"VIP\"}]}", &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_cmpint (reg_segment_count (f->store, rule, NOW, cancellable, &error), ==, 20007);
  g_assert_no_error (error);
  full = g_get_monotonic_time () - start;

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (reg_segment_count (f->store, rule, NOW, cancellable, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled from another thread while it runs, as a newer edit does.
   * A warm count can finish before the cancel comes: then again, with a
   * shorter wait, down to none (cancelled as it starts, at the latest). */
  for (gint64 wait = MIN (full / 4, 2000); ; wait /= 2)
    {
      CountJob job = { 0 };
      GThread *thread;

      job.store = f->store;
      job.rule = rule;
      job.cancellable = cancellable;
      g_cancellable_reset (cancellable);
      g_mutex_init (&job.lock);
      g_cond_init (&job.cond);

      start = g_get_monotonic_time ();
      thread = g_thread_new ("count", count_thread, &job);
      g_mutex_lock (&job.lock);
      while (!job.started)
        g_cond_wait (&job.cond, &job.lock);
      g_mutex_unlock (&job.lock);
      g_usleep (wait);
      g_cancellable_cancel (cancellable);
      g_thread_join (thread);
      g_mutex_clear (&job.lock);
      g_cond_clear (&job.cond);

      if (job.count != -1 && wait > 0)
        {
          g_assert_cmpint (job.count, ==, 20007);
          g_assert_no_error (job.error);
          continue;
        }

      g_assert_cmpint (job.count, ==, -1);
      g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_test_message ("A full count took %" G_GINT64_FORMAT " µs, one cancelled after %" G_GINT64_FORMAT
                      " µs stopped after %" G_GINT64_FORMAT " µs", full, wait, g_get_monotonic_time () - start);
      g_clear_error (&job.error);
      break;
    }

  /* The reader it ran on counts again, for a new cancellable or none. */
  g_assert_cmpint (reg_segment_count (f->store, rule, NOW, NULL, &error), ==, 20007);
  g_assert_no_error (error);
}

static void
changed_cb (RegStore       *store,
            RegChangeFlags  flags,
            GArray         *ids,
            gpointer        data)
{
  *(RegChangeFlags *)data |= flags;
}

static void
test_saved (Fixture       *f,
            gconstpointer  data)
{
  const char *big = "{ \"conditions\": [ {\"field\": \"total_spent\", \"op\": \"gt\", \"value\": 20000, "
                    "\"currency\": \"eur\"} ] }";
  const char *berlin = ONE ("city", "is", "\"Berlin\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(RegSegment) found = NULL;
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autofree char *members = NULL;
  RegChangeFlags changed = 0;
  gint64 id, other;

  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), &changed);

  id = reg_store_add_segment (f->store, "  Big spenders ", big, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (changed, ==, REG_CHANGE_SEGMENTS);

  other = reg_store_add_segment (f->store, "Ärger", berlin, &error);
  g_assert_no_error (error);

  /* Names are unique whatever the case, also beyond ASCII. */
  g_assert_cmpint (reg_store_add_segment (f->store, "BIG SPENDERS", berlin, &error), ==, 0);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "There is already a segment called “Big spenders”.");
  g_clear_error (&error);
  g_assert_cmpint (reg_store_add_segment (f->store, "ärger", berlin, &error), ==, 0);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (reg_store_add_segment (f->store, "  ", berlin, &error), ==, 0);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* A rule that cannot be used is not saved. */
  g_assert_cmpint (reg_store_add_segment (f->store, "Broken", ONE ("foo", "is", "1"), &error), ==, 0);
  g_assert_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);

  segments = reg_store_list_segments (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 2);
  g_assert_cmpint (((RegSegment *)segments->pdata[0])->id, ==, id);
  g_assert_cmpstr (((RegSegment *)segments->pdata[0])->name, ==, "Big spenders");
  /* Stored in its plain form. */
  g_assert_cmpstr (((RegSegment *)segments->pdata[0])->rule, ==,
                   "{\"match\":\"all\",\"conditions\":[{\"field\":\"total_spent\",\"op\":\"gt\",\"value\":20000,"
                   "\"currency\":\"EUR\"}]}");
  g_assert_cmpstr (((RegSegment *)segments->pdata[1])->name, ==, "Ärger");

  found = reg_store_find_segment (f->store, "big SPENDERS", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  rule = reg_segment_rule_parse (found->rule, &error);
  g_assert_no_error (error);
  members = members_at (f, rule, NOW);
  g_assert_cmpstr (members, ==, "Anna Ben Jonas Karl");
  g_assert_null (reg_store_find_segment (f->store, "Nobody", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Rename only, then the rule only; its own name in another case is fine. */
  changed = 0;
  g_assert_true (reg_store_update_segment (f->store, id, "BIG spenders", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (reg_store_update_segment (f->store, id, NULL, berlin, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (changed, ==, REG_CHANGE_SEGMENTS);
  g_clear_pointer (&found, reg_segment_free);
  found = reg_store_find_segment (f->store, "big spenders", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "BIG spenders");
  g_assert_cmpstr (found->rule, ==,
                   "{\"match\":\"all\",\"conditions\":[{\"field\":\"city\",\"op\":\"is\",\"value\":\"Berlin\"}]}");

  g_assert_false (reg_store_update_segment (f->store, id, "ÄRGER", NULL, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (reg_store_update_segment (f->store, id, NULL, ONE ("city", "gt", "1"), &error));
  g_assert_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_UNKNOWN_OPERATOR);
  g_clear_error (&error);
  g_assert_false (reg_store_update_segment (f->store, 9999, "Gone", NULL, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (reg_store_remove_segment (f->store, other, &error));
  g_assert_no_error (error);
  g_assert_false (reg_store_remove_segment (f->store, other, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&segments, g_ptr_array_unref);
  segments = reg_store_list_segments (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 1);

  /* The name is free again. */
  g_assert_cmpint (reg_store_add_segment (f->store, "ärger", berlin, &error), >, 0);
  g_assert_no_error (error);

  g_signal_handlers_disconnect_by_func (f->store, changed_cb, &changed);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (RegSegmentField field = 0; field < REG_SEGMENT_N_FIELDS; field++)
    {
      const char *name = reg_segment_field_to_string (field);
      g_autofree char *path = g_strdup_printf ("/segment/field/%s", name);

      g_test_add (path, Fixture, name, fixture_set_up, test_field, fixture_tear_down);
    }
  g_test_add_func ("/segment/field-coverage", test_coverage);
  g_test_add ("/segment/leap-birthdays", Fixture, NULL, fixture_set_up, test_leap_birthdays, fixture_tear_down);
  g_test_add ("/segment/groups", Fixture, NULL, fixture_set_up, test_groups, fixture_tear_down);
  g_test_add ("/segment/injection", Fixture, NULL, fixture_set_up, test_injection, fixture_tear_down);
  g_test_add_func ("/segment/parse-errors", test_parse_errors);
  g_test_add_func ("/segment/round-trip", test_round_trip);
  g_test_add_func ("/segment/describe", test_describe);
  g_test_add ("/segment/builder", Fixture, NULL, fixture_set_up, test_builder, fixture_tear_down);
  g_test_add ("/segment/compile-bind", Fixture, NULL, fixture_set_up, test_compile_bind, fixture_tear_down);
  g_test_add ("/segment/sort", Fixture, NULL, fixture_set_up, test_sort, fixture_tear_down);
  g_test_add ("/segment/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/segment/saved", Fixture, NULL, fixture_set_up, test_saved, fixture_tear_down);

  return g_test_run ();
}
