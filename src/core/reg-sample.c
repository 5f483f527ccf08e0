/* reg-sample.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sample"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-contact.h"
#include "reg-order.h"
#include "reg-sample.h"
#include "reg-text.h"

/* A made-up shop that sells mostly in German-speaking Europe, with
 * customers from further away too: enough variety in names, accents,
 * companies and places that every screen has something real to show. */

typedef struct
{
  const char        *country;
  const char        *phone_prefix;
  const char        *postcode_format; /* '#' is a digit */
  guint              weight;
  const char * const *given;
  const char * const *family;
  const char * const *cities;
  const char * const *streets;
} Region;

#define STRV(...) ((const char * const[]) { __VA_ARGS__, NULL })

static const Region regions[] = {
  { "Germany", "+49", "#####", 38,
    STRV ("Anna", "Jürgen", "Sören", "Käthe", "Lukas", "Marie", "Jonas", "Lea", "Björn", "Sophie",
          "Günther", "Hannah", "Felix", "Mia", "Paul", "Emilia", "Matthias", "Ursula", "Till", "Frieda"),
    STRV ("Müller", "Schäfer", "Weiß", "Köhler", "Groß", "Becker", "Hoffmann", "Schröder", "Krüger",
          "Wagner", "Jäger", "Fuchs", "Schmitz", "Lehmann", "Böhm", "Neumann", "Braun", "Zimmermann"),
    STRV ("Berlin", "Hamburg", "München", "Köln", "Leipzig", "Düsseldorf", "Nürnberg", "Freiburg im Breisgau",
          "Lübeck", "Göttingen", "Dresden", "Münster"),
    STRV ("Hauptstraße", "Gartenweg", "Lindenallee", "Schillerstraße", "Am Mühlbach", "Bahnhofstraße",
          "Kastanienweg", "Rosenstraße") },
  { "Austria", "+43", "####", 10,
    STRV ("Florian", "Valentina", "Lorenz", "Theresa", "Maximilian", "Magdalena", "Jakob", "Johanna"),
    STRV ("Gruber", "Huber", "Pichler", "Moser", "Steiner", "Hofer", "Leitner", "Wimmer"),
    STRV ("Wien", "Graz", "Salzburg", "Innsbruck", "Linz", "Klagenfurt am Wörthersee"),
    STRV ("Mariahilfer Straße", "Landstraße", "Getreidegasse", "Herrengasse") },
  { "Switzerland", "+41", "####", 8,
    STRV ("Luca", "Noemi", "Reto", "Séverine", "Urs", "Chiara", "Beat", "Céline"),
    STRV ("Meier", "Keller", "Brunner", "Baumann", "Frei", "Zürcher", "Rüegg", "Dubois"),
    STRV ("Zürich", "Genève", "Basel", "Bern", "Luzern", "Lausanne"),
    STRV ("Bahnhofstrasse", "Rue du Rhône", "Marktgasse", "Seestrasse") },
  { "France", "+33", "#####", 9,
    STRV ("Élodie", "Théo", "Chloé", "Jérôme", "Amélie", "François", "Inès", "Gaël", "Léa", "Noël"),
    STRV ("Lefèvre", "Moreau", "Girard", "Dupont", "Mercier", "Faure", "Bérenger", "Lambert"),
    STRV ("Paris", "Lyon", "Marseille", "Bordeaux", "Nantes", "Besançon", "Orléans"),
    STRV ("rue de la Paix", "avenue Jean Jaurès", "rue des Écoles", "boulevard Voltaire") },
  { "Spain", "+34", "#####", 7,
    STRV ("José", "María", "Lucía", "Andrés", "Inés", "Álvaro", "Begoña", "Joaquín"),
    STRV ("García", "Fernández", "Martínez", "López", "Muñoz", "Sánchez", "Jiménez", "Núñez"),
    STRV ("Madrid", "Barcelona", "Sevilla", "Valencia", "Málaga", "A Coruña"),
    STRV ("Calle Mayor", "Avenida de la Constitución", "Calle del Olmo", "Plaza España") },
  { "Italy", "+39", "#####", 7,
    STRV ("Giulia", "Niccolò", "Francesca", "Matteo", "Chiara", "Lorenzo", "Beatrice", "Andrea"),
    STRV ("Rossi", "Bianchi", "Esposito", "Ricci", "Bernardi", "Fontana", "De Luca", "Santoro"),
    STRV ("Roma", "Milano", "Torino", "Bologna", "Firenze", "Napoli"),
    STRV ("Via Roma", "Corso Vittorio Emanuele", "Via Garibaldi", "Piazza Duomo") },
  { "Netherlands", "+31", "#### AB", 5,
    STRV ("Daan", "Sanne", "Bram", "Femke", "Joost", "Lotte"),
    STRV ("de Vries", "van Dijk", "Jansen", "Bakker", "Visser", "van den Berg"),
    STRV ("Amsterdam", "Utrecht", "Rotterdam", "Den Haag", "Groningen"),
    STRV ("Prinsengracht", "Kerkstraat", "Dorpsstraat", "Stationsweg") },
  { "Poland", "+48", "##-###", 5,
    STRV ("Łukasz", "Małgorzata", "Wojciech", "Agnieszka", "Paweł", "Zofia"),
    STRV ("Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Zieliński", "Dąbrowska"),
    STRV ("Warszawa", "Kraków", "Gdańsk", "Wrocław", "Łódź"),
    STRV ("ul. Długa", "ul. Floriańska", "ul. Piotrkowska", "ul. Marszałkowska") },
  { "Sweden", "+46", "### ##", 4,
    STRV ("Åsa", "Björn", "Linnéa", "Oskar", "Maja", "Görel"),
    STRV ("Andersson", "Johansson", "Lindström", "Öberg", "Åkesson", "Nyström"),
    STRV ("Stockholm", "Göteborg", "Malmö", "Uppsala"),
    STRV ("Drottninggatan", "Storgatan", "Kungsgatan") },
  { "Czechia", "+420", "### ##", 3,
    STRV ("Jiří", "Tereza", "Ondřej", "Kateřina", "Tomáš"),
    STRV ("Novák", "Dvořák", "Černá", "Procházka", "Kučera"),
    STRV ("Praha", "Brno", "Plzeň", "České Budějovice"),
    STRV ("Václavské náměstí", "Národní", "Husova") },
  { "United Kingdom", "+44", "SW1A #AA", 3,
    STRV ("Oliver", "Amelia", "Harry", "Isla", "George", "Siobhán"),
    STRV ("Smith", "O'Brien", "Taylor", "Davies", "Evans", "MacLeod"),
    STRV ("London", "Manchester", "Edinburgh", "Bristol"),
    STRV ("High Street", "Station Road", "Church Lane") },
  { "United States", "+1", "#####", 1,
    STRV ("Emily", "Michael", "Sofía", "James", "Aaliyah"),
    STRV ("Johnson", "Williams", "Rodríguez", "Nguyen", "Brown"),
    STRV ("New York", "Portland", "Austin", "Chicago"),
    STRV ("Main Street", "Maple Avenue", "Oak Street") },
};

static const char * const domains[] = {
  "example.com", "example.org", "example.net", "mail.example", "post.example",
};

static const char * const companies[] = {
  "Café Sonnenschein", "Blumenhaus Köhler GmbH", "Épicerie Fine Lefèvre", "Bioladen Grünzeug",
  "Hotel Alpenblick", "Papeterie du Marché", "Tienda La Esquina S.L.", "Feinkost am Markt",
  "Buchhandlung Seitenweise", "Nordlicht Geschenke", "Concept Store Zürich AG",
  "Bäckerei & Konditorei Sommer", "Unverpackt Leipzig eG", "Kaffeerösterei Bohnenglück",
};

static const char * const tag_pool[] = {
  N_("VIP"), N_("Newsletter"), N_("Market stall"), N_("Gift buyer"), N_("Instagram"),
  N_("Trade fair 2025"), N_("Reseller"),
};

static const char * const notes[] = {
  N_("Prefers delivery on Fridays."),
  N_("Allergic to nuts — check ingredients before sending samples."),
  N_("Met at the Christmas market. Loves the blue glaze."),
  N_("Asks for invoices by post, not e-mail."),
  N_("Orders for the whole office every December."),
  N_("Please call before delivering; the doorbell is broken."),
};

static const char *
pick (GRand              *rand,
      const char * const *strv)
{
  guint n = g_strv_length ((char **)strv);

  return strv[g_rand_int_range (rand, 0, n)];
}

static const Region *
pick_region (GRand *rand)
{
  guint total = 0;
  guint roll;

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    total += regions[i].weight;

  roll = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      if (roll < regions[i].weight)
        return &regions[i];
      roll -= regions[i].weight;
    }

  return &regions[0];
}

static char *
fill_format (GRand      *rand,
             const char *format)
{
  GString *out = g_string_new (NULL);

  for (const char *p = format; *p; p++)
    {
      if (*p == '#')
        g_string_append_c (out, '0' + g_rand_int_range (rand, p == format ? 1 : 0, 10));
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* "Łukasz Wójcik" → "lukasz.wojcik": what people really use as addresses. */
static char *
ascii_local_part (const char *text)
{
  g_autofree char *folded = reg_text_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 128 && g_ascii_isalnum (c))
        g_string_append_c (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * reg_sample_generate_contacts:
 * @n_contacts: how many
 * @seed: the same seed gives the same customers
 * @now: the present, in Unix seconds, that "customer since" dates lie before
 *
 * Returns: (transfer full) (element-type RegContact): new contacts, all
 *   with different e-mail addresses
 */
GPtrArray *
reg_sample_generate_contacts (guint   n_contacts,
                              guint32 seed,
                              gint64  now)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *contacts = g_ptr_array_new_full (n_contacts, g_object_unref);

  for (guint i = 0; i < n_contacts; i++)
    {
      const Region *region = pick_region (rand);
      g_autoptr(RegContact) contact = reg_contact_new ();
      const char *given = pick (rand, region->given);
      const char *family = pick (rand, region->family);
      g_autofree char *street = NULL;
      g_autofree char *postcode = fill_format (rand, region->postcode_format);
      g_autofree char *phone = NULL;
      double roll;

      /* One customer with a very long name, to keep the layout honest. */
      if (i == 7)
        {
          given = "Maximiliane Henriette Friederike";
          family = "von Hohenzollern-Sigmaringen-Weißenstein";
        }

      reg_contact_set_origin (contact, REG_ORIGIN_SAMPLE);
      reg_contact_set_given_name (contact, given);
      reg_contact_set_family_name (contact, family);

      if (g_rand_double (rand) < 0.95)
        {
          g_autofree char *a = ascii_local_part (given);
          g_autofree char *b = ascii_local_part (family);
          const char *domain = domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (domains))];
          g_autofree char *email = NULL;

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              email = g_strdup_printf ("%s.%s@%s", a, b, domain);
              break;
            case 1:
              email = g_strdup_printf ("%c%s@%s", a[0] ? a[0] : 'x', b, domain);
              break;
            default:
              email = g_strdup_printf ("%s%s%u@%s", a, b, g_rand_int_range (rand, 1, 99), domain);
              break;
            }

          for (guint n = 2; g_hash_table_contains (emails, email); n++)
            {
              g_free (email);
              email = g_strdup_printf ("%s.%s%u@%s", a, b, n, domain);
            }

          g_hash_table_add (emails, g_strdup (email));
          reg_contact_set_email (contact, email);
        }

      if (g_rand_double (rand) < 0.8)
        {
          phone = g_strdup_printf ("%s %u %u", region->phone_prefix,
                                   g_rand_int_range (rand, 20, 999),
                                   g_rand_int_range (rand, 100000, 9999999));
          reg_contact_set_phone (contact, phone);
        }

      street = g_strdup_printf ("%s %u", pick (rand, region->streets), g_rand_int_range (rand, 1, 140));
      reg_contact_set_street (contact, street);
      reg_contact_set_postcode (contact, postcode);
      reg_contact_set_city (contact, pick (rand, region->cities));
      reg_contact_set_country (contact, region->country);

      if (g_rand_double (rand) < 0.12)
        {
          reg_contact_set_company (contact, companies[g_rand_int_range (rand, 0, G_N_ELEMENTS (companies))]);
          if (g_rand_double (rand) < 0.7)
            reg_contact_set_customer_type (contact, REG_CUSTOMER_TYPE_WHOLESALE);
        }

      if (g_rand_double (rand) < 0.4)
        {
          g_autofree char *birthday = g_strdup_printf ("%04u-%02u-%02u",
                                                       g_rand_int_range (rand, 1945, 2006),
                                                       g_rand_int_range (rand, 1, 13),
                                                       g_rand_int_range (rand, 1, 29));
          reg_contact_set_birthday (contact, birthday);
        }

      reg_contact_set_created_at (contact, now - g_rand_int_range (rand, 1, 4 * 365) * (gint64)86400
                                          - g_rand_int_range (rand, 0, 86400));

      roll = g_rand_double (rand);
      if (roll < 0.5)
        {
          reg_contact_set_consent (contact, REG_CONSENT_YES);
          reg_contact_set_consent_at (contact, reg_contact_get_created_at (contact) +
                                               g_rand_int_range (rand, 0, 30 * 86400));
        }
      else if (roll < 0.65)
        {
          reg_contact_set_consent (contact, REG_CONSENT_NO);
          reg_contact_set_consent_at (contact, reg_contact_get_created_at (contact));
        }

      if (g_rand_double (rand) < 0.35)
        {
          const char *tags[3] = { NULL, NULL, NULL };

          tags[0] = _(tag_pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_pool))]);
          if (g_rand_double (rand) < 0.3)
            tags[1] = _(tag_pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_pool))]);
          reg_contact_set_tags (contact, tags);
        }

      if (g_rand_double (rand) < 0.1)
        reg_contact_set_note (contact, _(notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))]));

      g_ptr_array_add (contacts, g_steal_pointer (&contact));
    }

  return contacts;
}

typedef struct
{
  const char *name;
  const char *sku;
  gint64      price;   /* euro cents */
} Product;

static const Product products[] = {
  { "Beeswax candle, tall", "CAN-BW-TALL", 1290 },
  { "Beeswax candle, tea light (6)", "CAN-BW-TEA6", 890 },
  { "Stoneware mug, sage", "MUG-SAGE", 2400 },
  { "Stoneware mug, sand", "MUG-SAND", 2400 },
  { "Loose-leaf Earl Grey, 100 g", "TEA-EG-100", 790 },
  { "Rooibos vanilla, 100 g", "TEA-RV-100", 690 },
  { "Linen tea towel", "LIN-TOWEL", 1850 },
  { "Olive wood spoon", "OW-SPOON", 1190 },
  { "Hand-poured soap, lavender", "SOAP-LAV", 650 },
  { "Gift box \"Slow morning\"", "GIFT-SLOW", 4900 },
  { "Ceramic teapot, 1 l", "POT-1L", 5900 },
  { "Notebook, recycled paper", "NB-A5", 1450 },
};

static int
compare_order_times (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = reg_order_get_ordered_at (*(RegOrder **)a);
  gint64 y = reg_order_get_ordered_at (*(RegOrder **)b);

  return (x > y) - (x < y);
}

static const char *
sample_currency (const char *country)
{
  if (g_strcmp0 (country, "Switzerland") == 0)
    return "CHF";
  if (g_strcmp0 (country, "United Kingdom") == 0)
    return "GBP";
  if (g_strcmp0 (country, "United States") == 0)
    return "USD";
  return "EUR";
}

static RegOrder *
sample_order (GRand      *rand,
              gint64      contact_id,
              gint64      ordered_at,
              const char *currency,
              gboolean    wholesale)
{
  RegOrder *order = reg_order_new ();
  guint n_lines = wholesale ? g_rand_int_range (rand, 3, 8) : g_rand_int_range (rand, 1, 4);
  gint64 subtotal = 0;
  gint64 shipping;
  double roll;

  reg_order_set_contact_id (order, contact_id);
  reg_order_set_origin (order, REG_ORIGIN_SAMPLE);
  reg_order_set_ordered_at (order, ordered_at);
  reg_order_set_currency (order, currency);

  for (guint i = 0; i < n_lines; i++)
    {
      const Product *product = &products[g_rand_int_range (rand, 0, G_N_ELEMENTS (products))];
      gint64 quantity = wholesale ? g_rand_int_range (rand, 6, 49) : (g_rand_double (rand) < 0.8 ? 1 : 2);
      /* Trade prices are lower; other currencies are rounded to whole units. */
      gint64 price = wholesale ? product->price * 6 / 10 : product->price;

      if (g_strcmp0 (currency, "EUR") != 0)
        price = (price + 99) / 100 * 100;

      reg_order_add_item (order, product->name, product->sku, quantity, price);
      subtotal += quantity * price;
    }

  shipping = subtotal >= 5000 ? 0 : 495;
  reg_order_set_shipping (order, shipping);
  if (g_rand_double (rand) < 0.1)
    {
      reg_order_set_discount (order, subtotal / 10);
      subtotal -= subtotal / 10;
    }
  reg_order_set_total (order, subtotal + shipping);

  roll = g_rand_double (rand);
  if (roll < 0.03)
    {
      reg_order_set_status (order, REG_ORDER_STATUS_REFUNDED);
      reg_order_set_refunded (order, reg_order_get_total (order));
      reg_order_set_refunded_at (order, ordered_at + g_rand_int_range (rand, 3, 20) * 86400);
    }
  else if (roll < 0.05)
    {
      reg_order_set_status (order, REG_ORDER_STATUS_PARTIALLY_REFUNDED);
      reg_order_set_refunded (order, reg_order_get_item (order, 0)->price);
      reg_order_set_refunded_at (order, ordered_at + g_rand_int_range (rand, 3, 20) * 86400);
    }
  else if (roll < 0.07)
    reg_order_set_status (order, REG_ORDER_STATUS_CANCELLED);
  else
    reg_order_set_status (order, REG_ORDER_STATUS_PAID);

  return order;
}

/**
 * reg_sample_generate_orders:
 * @contacts: (element-type RegContact): the sample customers, with ids
 *
 * Gives the sample customers purchase histories that every figure has
 * something to show for: one-time buyers, regulars, lapsed regulars, a
 * wholesale customer with large, frequent orders, some refunds, and
 * customers who never bought (newsletter only).
 *
 * Returns: (transfer full) (element-type RegOrder): the orders
 */
GPtrArray *
reg_sample_generate_orders (GPtrArray *contacts,
                            guint32    seed,
                            gint64     now)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean big_wholesaler_done = FALSE;

  for (guint i = 0; i < contacts->len; i++)
    {
      RegContact *contact = g_ptr_array_index (contacts, i);
      gint64 id = reg_contact_get_id (contact);
      gint64 since = reg_contact_get_created_at (contact);
      const char *currency = sample_currency (reg_contact_get_country (contact));
      gboolean wholesale = reg_contact_get_customer_type (contact) == REG_CUSTOMER_TYPE_WHOLESALE;
      double roll = g_rand_double (rand);
      guint n_orders;
      gint64 gap;
      gint64 t;

      if (id == 0)
        continue;

      if (wholesale && !big_wholesaler_done)
        {
          /* Every week or so for years. */
          big_wholesaler_done = TRUE;
          n_orders = 180;
          gap = 7 * 86400;
          t = now - (gint64)n_orders * gap - 3 * 86400;
        }
      else if (wholesale)
        {
          n_orders = g_rand_int_range (rand, 6, 30);
          gap = g_rand_int_range (rand, 25, 60) * (gint64)86400;
          t = MAX (since, now - (gint64)n_orders * gap);
        }
      else if (roll < 0.22)
        continue;                       /* newsletter only */
      else if (roll < 0.55)
        {
          n_orders = 1;                 /* one-time buyer */
          gap = 0;
          t = since + g_rand_int_range (rand, 0, MAX (1, (now - since) / 86400)) * (gint64)86400;
        }
      else if (roll < 0.85)
        {
          n_orders = g_rand_int_range (rand, 2, 13);   /* regular */
          gap = g_rand_int_range (rand, 20, 120) * (gint64)86400;
          t = MAX (since, now - (gint64)n_orders * gap - g_rand_int_range (rand, 0, 30) * (gint64)86400);
        }
      else
        {
          n_orders = g_rand_int_range (rand, 3, 10);   /* lapsed regular */
          gap = g_rand_int_range (rand, 20, 60) * (gint64)86400;
          t = now - g_rand_int_range (rand, 200, 500) * (gint64)86400 - (gint64)n_orders * gap;
        }

      for (guint n = 0; n < n_orders && t < now; n++)
        {
          /* People are not clockwork: ± a third of the usual gap. */
          gint64 jitter = gap > 0 ? g_rand_int_range (rand, 0, (gint32)(gap / 3 / 3600) + 1) * (gint64)3600 : 0;
          gint64 at = MIN (t + jitter, now - 3600);

          g_ptr_array_add (orders, sample_order (rand, id, at, currency, wholesale));
          t += gap > 0 ? gap : now;
        }
    }

  /* Numbered in the order they were placed, as a shop does. */
  g_ptr_array_sort (orders, compare_order_times);
  for (guint i = 0; i < orders->len; i++)
    {
      g_autofree char *number = g_strdup_printf ("#%u", 1001 + i);

      reg_order_set_number (g_ptr_array_index (orders, i), number);
      reg_order_set_remote_id (g_ptr_array_index (orders, i), number);
    }

  return orders;
}
