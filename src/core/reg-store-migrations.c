/* reg-store-migrations.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-store"

#include "config.h"

#include "reg-store-private.h"

/* Migration N brings a file from user_version N to N + 1. Never edit one
 * that has shipped: add a new one and raise REG_STORE_SCHEMA_VERSION. */
static const char * const migrations[] = {
  /* 0 → 1: contacts, tags and the search index */
  "PRAGMA application_id = 1382377333;\n" /* REG_STORE_APPLICATION_ID */
  "CREATE TABLE contacts (\n"
  "  id            INTEGER PRIMARY KEY,\n"
  "  given_name    TEXT NOT NULL DEFAULT '',\n"
  "  family_name   TEXT NOT NULL DEFAULT '',\n"
  "  email         TEXT NOT NULL DEFAULT '',\n"
  "  email_norm    TEXT,\n"               /* lower-cased, trimmed; NULL when empty */
  "  phone         TEXT NOT NULL DEFAULT '',\n"
  "  phone_digits  TEXT NOT NULL DEFAULT '',\n"
  "  company       TEXT NOT NULL DEFAULT '',\n"
  "  street        TEXT NOT NULL DEFAULT '',\n"
  "  postcode      TEXT NOT NULL DEFAULT '',\n"
  "  city          TEXT NOT NULL DEFAULT '',\n"
  "  country       TEXT NOT NULL DEFAULT '',\n"
  "  birthday      TEXT,\n"               /* YYYY-MM-DD */
  "  customer_type INTEGER NOT NULL DEFAULT 0,\n"
  "  note          TEXT NOT NULL DEFAULT '',\n"
  "  consent       INTEGER NOT NULL DEFAULT 0,\n"
  "  consent_at    INTEGER,\n"            /* Unix seconds, UTC */
  "  created_at    INTEGER NOT NULL,\n"
  "  updated_at    INTEGER NOT NULL,\n"
  "  deleted_at    INTEGER,\n"            /* in the trash, waiting for undo */
  "  sort_name     TEXT NOT NULL,\n"      /* folded keys the list sorts by */
  "  sort_email    TEXT NOT NULL,\n"
  "  sort_city     TEXT NOT NULL\n"
  ");\n"
  "CREATE UNIQUE INDEX contacts_email ON contacts (email_norm) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_by_name ON contacts (sort_name) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_by_email ON contacts (sort_email) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_by_city ON contacts (sort_city) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_by_created ON contacts (created_at) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_trash ON contacts (deleted_at) WHERE deleted_at IS NOT NULL;\n"
  "CREATE TABLE tags (\n"
  "  id        INTEGER PRIMARY KEY,\n"
  "  name      TEXT NOT NULL,\n"
  "  name_norm TEXT NOT NULL UNIQUE\n"
  ");\n"
  "CREATE TABLE contact_tags (\n"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,\n"
  "  tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,\n"
  "  position   INTEGER NOT NULL DEFAULT 0,\n"
  "  PRIMARY KEY (contact_id, tag_id)\n"
  ") WITHOUT ROWID;\n"
  "CREATE INDEX contact_tags_by_tag ON contact_tags (tag_id);\n"
  /* The index holds folded words (case, accents, "ß" → "ss", "ł" → "l"),
   * folded by regulars_fold(), which every writer connection registers. */
  "CREATE VIRTUAL TABLE contacts_fts USING fts5 (\n"
  "  given_name, family_name, email, company, phone, phone_digits, city,\n"
  "  content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'\n"
  ");\n"
  /* The index follows the rows, trashed ones left out, whoever writes them. */
  "CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts\n"
  "WHEN new.deleted_at IS NULL BEGIN\n"
  "  INSERT INTO contacts_fts (rowid, given_name, family_name, email, company, phone, phone_digits, city)\n"
  "  VALUES (new.id, regulars_fold (new.given_name), regulars_fold (new.family_name),\n"
  "          regulars_fold (new.email), regulars_fold (new.company), new.phone, new.phone_digits,\n"
  "          regulars_fold (new.city));\n"
  "END;\n"
  "CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts\n"
  "WHEN old.deleted_at IS NULL BEGIN\n"
  "  INSERT INTO contacts_fts (contacts_fts, rowid, given_name, family_name, email, company, phone, phone_digits, city)\n"
  "  VALUES ('delete', old.id, regulars_fold (old.given_name), regulars_fold (old.family_name),\n"
  "          regulars_fold (old.email), regulars_fold (old.company), old.phone, old.phone_digits,\n"
  "          regulars_fold (old.city));\n"
  "END;\n"
  "CREATE TRIGGER contacts_fts_update\n"
  "AFTER UPDATE OF given_name, family_name, email, company, phone, phone_digits, city, deleted_at ON contacts BEGIN\n"
  "  INSERT INTO contacts_fts (contacts_fts, rowid, given_name, family_name, email, company, phone, phone_digits, city)\n"
  "  SELECT 'delete', old.id, regulars_fold (old.given_name), regulars_fold (old.family_name),\n"
  "         regulars_fold (old.email), regulars_fold (old.company), old.phone, old.phone_digits,\n"
  "         regulars_fold (old.city)\n"
  "  WHERE old.deleted_at IS NULL;\n"
  "  INSERT INTO contacts_fts (rowid, given_name, family_name, email, company, phone, phone_digits, city)\n"
  "  SELECT new.id, regulars_fold (new.given_name), regulars_fold (new.family_name),\n"
  "         regulars_fold (new.email), regulars_fold (new.company), new.phone, new.phone_digits,\n"
  "         regulars_fold (new.city)\n"
  "  WHERE new.deleted_at IS NULL;\n"
  "END;\n",

  /* 1 → 2: orders, their items, notes, and per-customer figures */
  "ALTER TABLE contacts ADD COLUMN origin INTEGER NOT NULL DEFAULT 0;\n"        /* RegOrigin */
  "ALTER TABLE contacts ADD COLUMN manual_fields INTEGER NOT NULL DEFAULT 0;\n" /* RegContactField bits typed by hand */
  /* Figures the list sorts by, kept by the store whenever orders change. */
  "ALTER TABLE contacts ADD COLUMN n_orders INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE contacts ADD COLUMN total_spent INTEGER NOT NULL DEFAULT 0;\n"  /* minor units of spent_currency */
  "ALTER TABLE contacts ADD COLUMN spent_currency TEXT;\n"
  "ALTER TABLE contacts ADD COLUMN first_order_at INTEGER;\n"
  "ALTER TABLE contacts ADD COLUMN last_order_at INTEGER;\n"
  "CREATE INDEX contacts_by_orders ON contacts (n_orders) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_by_spent ON contacts (total_spent) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_by_last_order ON contacts (last_order_at) WHERE deleted_at IS NULL;\n"
  "CREATE TABLE orders (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,\n"
  "  number      TEXT NOT NULL DEFAULT '',\n"
  "  ordered_at  INTEGER NOT NULL,\n"      /* Unix seconds, UTC */
  "  status      INTEGER NOT NULL,\n"      /* RegOrderStatus */
  "  currency    TEXT NOT NULL,\n"         /* ISO 4217 */
  "  total       INTEGER NOT NULL,\n"      /* minor units, what the customer paid */
  "  discount    INTEGER NOT NULL DEFAULT 0,\n"
  "  shipping    INTEGER NOT NULL DEFAULT 0,\n"
  "  refunded    INTEGER NOT NULL DEFAULT 0,\n"
  "  refunded_at INTEGER,\n"
  "  origin      INTEGER NOT NULL DEFAULT 0,\n" /* RegOrigin */
  "  source_id   INTEGER NOT NULL DEFAULT 0,\n" /* 0: this computer (by hand or a file) */
  "  remote_id   TEXT,\n"                       /* the shop's id, or a file's order number */
  "  created_at  INTEGER NOT NULL,\n"
  "  updated_at  INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX orders_by_contact ON orders (contact_id, ordered_at);\n"
  "CREATE UNIQUE INDEX orders_remote ON orders (source_id, remote_id) WHERE remote_id IS NOT NULL;\n"
  "CREATE TABLE order_items (\n"
  "  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  name     TEXT NOT NULL DEFAULT '',\n"
  "  sku      TEXT NOT NULL DEFAULT '',\n"
  "  quantity INTEGER NOT NULL DEFAULT 1,\n"
  "  price    INTEGER NOT NULL DEFAULT 0,\n"     /* per unit, minor units of the order's currency */
  "  PRIMARY KEY (order_id, position)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE notes (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,\n"
  "  kind        INTEGER NOT NULL DEFAULT 0,\n" /* RegNoteKind */
  "  body        TEXT NOT NULL DEFAULT '',\n"
  "  noted_at    INTEGER NOT NULL,\n"
  "  resolved_at INTEGER\n"
  ");\n"
  "CREATE INDEX notes_by_contact ON notes (contact_id, noted_at);\n",

  /* 2 → 3: shops to sync with, who is who there, and what a sync skipped */
  "CREATE TABLE sources (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  platform    INTEGER NOT NULL,\n"        /* RegOrigin: WOOCOMMERCE, SHOPIFY */
  "  name        TEXT NOT NULL,\n"
  "  url         TEXT NOT NULL,\n"
  "  created_at  INTEGER NOT NULL,\n"
  "  last_sync_at INTEGER,\n"                /* when the last sync ended */
  "  last_ok     INTEGER NOT NULL DEFAULT 0,\n"
  "  last_result TEXT\n"                     /* what it did or what went wrong, in plain words */
  ");\n"
  "CREATE UNIQUE INDEX sources_by_name ON sources (lower (name));\n"
  /* Where a sync stands (checkpoints), by key; moved only with a committed page. */
  "CREATE TABLE sync_state (\n"
  "  source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,\n"
  "  key       TEXT NOT NULL,\n"
  "  value     TEXT NOT NULL,\n"
  "  PRIMARY KEY (source_id, key)\n"
  ") WITHOUT ROWID;\n"
  /* A shop's customer account and the Regulars customer it is. */
  "CREATE TABLE contact_links (\n"
  "  source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,\n"
  "  remote_id  TEXT NOT NULL,\n"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,\n"
  "  PRIMARY KEY (source_id, remote_id)\n"
  ") WITHOUT ROWID;\n"
  "CREATE INDEX contact_links_by_contact ON contact_links (contact_id);\n"
  /* Records a sync could not use, with the reason, for the owner to see. */
  "CREATE TABLE sync_log (\n"
  "  id        INTEGER PRIMARY KEY,\n"
  "  source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,\n"
  "  logged_at INTEGER NOT NULL,\n"
  "  remote_id TEXT,\n"
  "  reason    TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX sync_log_by_source ON sync_log (source_id, logged_at);\n"
  /* When the shop last set a customer's details (the date of the order or
   * account they came from): older shop data never replaces newer. */
  "ALTER TABLE contacts ADD COLUMN shop_data_at INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE orders ADD COLUMN modified_at INTEGER;\n",

  /* 3 → 4: segments, analyses and newsletter lists */
  /* A saved, live rule set: the rule is JSON, compiled to SQL when used. */
  "CREATE TABLE segments (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  name       TEXT NOT NULL,\n"
  "  rule       TEXT NOT NULL,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  updated_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE UNIQUE INDEX segments_by_name ON segments (lower (name));\n"
  /* RFM scores, ABC class and predicted value, computed from the orders
   * for every customer who has any; rebuilt whole when orders change. */
  "CREATE TABLE contact_scores (\n"
  "  contact_id    INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,\n"
  "  recency       INTEGER NOT NULL,\n"   /* 1–5, 5: ordered most recently */
  "  frequency     INTEGER NOT NULL,\n"   /* 1–5, 5: ordered most often */
  "  monetary      INTEGER NOT NULL,\n"   /* 1–5, 5: spent most */
  "  rfm_group     INTEGER NOT NULL,\n"   /* RegRfmGroup */
  "  abc_class     TEXT NOT NULL,\n"      /* 'A', 'B' or 'C' */
  "  clv_predicted INTEGER NOT NULL\n"    /* minor units of spent_currency */
  ");\n"
  "CREATE INDEX contact_scores_by_group ON contact_scores (rfm_group);\n"
  "CREATE INDEX contact_scores_by_class ON contact_scores (abc_class);\n"
  /* Newsletter lists: static memberships, each with its consent record. */
  "CREATE TABLE lists (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  name       TEXT NOT NULL,\n"
  "  created_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE UNIQUE INDEX lists_by_name ON lists (lower (name));\n"
  "CREATE TABLE list_members (\n"
  "  list_id    INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,\n"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,\n"
  "  status     INTEGER NOT NULL,\n"     /* RegMemberStatus */
  "  changed_at INTEGER NOT NULL,\n"     /* Unix seconds, UTC: the last change of status */
  "  changed_by INTEGER NOT NULL,\n"     /* RegMemberChange: form, import, manual, checkout */
  "  reason     TEXT,\n"                 /* why, for a manual resubscribe */
  "  PRIMARY KEY (list_id, contact_id)\n"
  ") WITHOUT ROWID;\n"
  "CREATE INDEX list_members_by_contact ON list_members (contact_id);\n"
  /* Segment conditions over these fields stay fast. */
  "CREATE INDEX contacts_by_country ON contacts (country) WHERE deleted_at IS NULL;\n"
  "CREATE INDEX contacts_by_postcode ON contacts (postcode) WHERE deleted_at IS NULL;\n",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == REG_STORE_SCHEMA_VERSION);
G_STATIC_ASSERT (REG_STORE_APPLICATION_ID == 1382377333);

/* The SQL of the step from @from_version; tests build old files with it. */
const char *
_reg_store_migration_sql (int from_version)
{
  g_return_val_if_fail (from_version >= 0 && from_version < REG_STORE_SCHEMA_VERSION, NULL);

  return migrations[from_version];
}

/* Each step runs in its own transaction together with the version bump, so
 * a file is always at one whole version, whatever happens. */
gboolean
_reg_store_migrate (RegStore    *self,
                    sqlite3     *db,
                    int          from_version,
                    GError     **error)
{
  for (int version = from_version; version < REG_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);

      g_debug ("Migrating %s from version %d", self->path, version);

      if (!_reg_store_begin (self, db, error))
        return FALSE;

      if (!_reg_store_exec (self, db, migrations[version], error) ||
          !_reg_store_exec (self, db, bump, error) ||
          !_reg_store_commit (self, db, error))
        {
          _reg_store_rollback (self, db);
          return FALSE;
        }
    }

  return TRUE;
}
