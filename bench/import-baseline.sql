-- The sqlite3 shell loading the same files into the same tables, indexes
-- and search index as `regulars-cli import`, for bench-import to compare
-- with. Run on a freshly created Regulars file: the FTS triggers need a
-- function only Regulars has, so this script fills the index itself.
-- bench-import puts the paths of its files in place of CUSTOMERS_FILE and ORDERS_FILE.
DROP TRIGGER contacts_fts_insert;
DROP TRIGGER contacts_fts_delete;
DROP TRIGGER contacts_fts_update;
.mode csv
.import --schema temp CUSTOMERS_FILE staging_customers
.import --schema temp ORDERS_FILE staging_orders
BEGIN;
-- Phone numbers as Regulars keeps them: without Shopify's leading "'", and
-- for search their digits with every tail of seven digits or more.
CREATE TEMP TABLE staging_phones AS
SELECT rowid AS line, ltrim ("Phone", '''') AS phone,
       replace (replace (replace (replace (ltrim ("Phone", ''''), '+', ''), ' ', ''), '-', ''), '/', '') AS d
FROM temp.staging_customers;
INSERT INTO contacts (given_name, family_name, email, email_norm, phone, phone_digits, company,
                      street, postcode, city, country, consent, consent_at, origin,
                      created_at, updated_at, sort_name, sort_email, sort_city)
SELECT "First Name", "Last Name", trim ("Email"), lower (trim ("Email")), p.phone,
       p.d || iif (length (d) >= 7, ' ' || substr (d, 2), '') || iif (length (d) >= 8, ' ' || substr (d, 3), '') || iif (length (d) >= 9, ' ' || substr (d, 4), '') || iif (length (d) >= 10, ' ' || substr (d, 5), '') || iif (length (d) >= 11, ' ' || substr (d, 6), '') || iif (length (d) >= 12, ' ' || substr (d, 7), '') || iif (length (d) >= 13, ' ' || substr (d, 8), '') || iif (length (d) >= 14, ' ' || substr (d, 9), '') || iif (length (d) >= 15, ' ' || substr (d, 10), '') || iif (length (d) >= 16, ' ' || substr (d, 11), '') || iif (length (d) >= 17, ' ' || substr (d, 12), '') || iif (length (d) >= 18, ' ' || substr (d, 13), '') || iif (length (d) >= 19, ' ' || substr (d, 14), '') || iif (length (d) >= 20, ' ' || substr (d, 15), ''),
       "Default Address Company", "Default Address Address1", "Default Address Zip",
       "Default Address City", "Default Address Country Code",
       CASE "Accepts Email Marketing" WHEN 'yes' THEN 1 ELSE 2 END, unixepoch (), 1,
       unixepoch (), unixepoch (), lower ("First Name" || ' ' || "Last Name"),
       lower (trim ("Email")), lower ("Default Address City")
FROM temp.staging_customers s JOIN temp.staging_phones p ON p.line = s.rowid;
INSERT INTO contacts_fts (rowid, given_name, family_name, email, company, phone, phone_digits, city)
SELECT id, lower (given_name), lower (family_name), lower (email), lower (company), phone,
       phone_digits, lower (city)
FROM contacts;
INSERT INTO orders (contact_id, number, ordered_at, status, currency, total, discount, shipping,
                    refunded, origin, remote_id, created_at, updated_at)
SELECT c.id, s."Name", unixepoch (substr (s."Created at", 1, 19)),
       CASE s."Financial Status" WHEN 'paid' THEN 1 WHEN 'refunded' THEN 3 ELSE 0 END,
       s."Currency", CAST (round (s."Total" * 100) AS INTEGER),
       CAST (round (s."Discount Amount" * 100) AS INTEGER), CAST (round (s."Shipping" * 100) AS INTEGER),
       0, 1, s."Name", unixepoch (), unixepoch ()
FROM temp.staging_orders s JOIN contacts c ON c.email_norm = lower (trim (s."Email")) AND c.deleted_at IS NULL
WHERE s."Financial Status" <> '';
INSERT INTO order_items (order_id, position, name, sku, quantity, price)
SELECT o.id, s.rowid, s."Lineitem name", s."Lineitem sku", CAST (s."Lineitem quantity" AS INTEGER),
       CAST (round (s."Lineitem price" * 100) AS INTEGER)
FROM temp.staging_orders s JOIN orders o ON o.source_id = 0 AND o.remote_id = s."Name";
UPDATE contacts SET (n_orders, total_spent, spent_currency, first_order_at, last_order_at) = (
  SELECT count(*), coalesce (sum (CASE WHEN o.currency = m.cur THEN max (o.total - o.refunded, 0) END), 0),
         m.cur, min (o.ordered_at), max (o.ordered_at)
  FROM orders o, (SELECT currency AS cur FROM orders WHERE contact_id = contacts.id AND status IN (1, 2)
                  GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1) m
  WHERE o.contact_id = contacts.id AND o.status IN (1, 2));
COMMIT;
