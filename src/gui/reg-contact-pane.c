/* reg-contact-pane.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-contact-pane"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "reg-contact.h"
#include "reg-contact-pane.h"
#include "reg-gui-util.h"
#include "reg-history-view.h"
#include "reg-lists.h"
#include "reg-lists-ui.h"
#include "reg-source.h"
#include "reg-text.h"

/* Edits are saved this long after the last keystroke. */
#define SAVE_DELAY_MS 500

struct _RegContactPane
{
  GtkWidget       parent_instance;

  /* Template widgets */
  AdwViewStack   *stack;
  RegHistoryView *history_view;
  GtkWidget      *scroller;
  GtkLabel       *title_label;
  GtkLabel       *since_label;
  GtkLabel       *source_label;
  AdwPreferencesGroup *lists_group;
  GPtrArray      *list_rows;
  AdwEntryRow    *given_row;
  AdwEntryRow    *family_row;
  AdwEntryRow    *email_row;
  AdwEntryRow    *phone_row;
  AdwEntryRow    *company_row;
  GtkLabel       *email_error;
  AdwEntryRow    *street_row;
  AdwEntryRow    *postcode_row;
  AdwEntryRow    *city_row;
  AdwEntryRow    *country_row;
  GtkMenuButton  *birthday_button;
  GtkPopover     *birthday_popover;
  GtkCalendar    *birthday_calendar;
  AdwComboRow    *type_row;
  AdwEntryRow    *tags_row;
  GtkTextView    *note_view;
  AdwComboRow    *consent_row;
  AdwActionRow   *consent_date_row;
  GtkMenuButton  *consent_date_button;
  GtkPopover     *consent_popover;
  GtkCalendar    *consent_calendar;

  /* Owned references */
  RegStore       *store;
  RegContact     *saved;      /* the customer as last saved */
  char           *birthday;   /* edits that live outside the widgets */
  gint64          consent_at;
  char           *email_taken_message;

  guint           save_source;
  guint           loading : 1;
};

G_DEFINE_FINAL_TYPE (RegContactPane, reg_contact_pane, GTK_TYPE_WIDGET)

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  RegContactPane *self;
  RegContact     *contact;
  gboolean        retry;
} SaveOp;

static void save_now (RegContactPane *self);

static void
save_op_free (SaveOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->contact);
  g_free (op);
}

/**
 * reg_contact_pane_format_date:
 *
 * Returns: (transfer full): @date as a shop owner reads it ("14 March 1986")
 */
char *
reg_contact_pane_format_date (GDateTime *date)
{
  /* Translators: a full date, see strftime: "14 March 1986" */
  return g_date_time_format (date, _("%-d %B %Y"));
}

static GDateTime *
date_from_iso (const char *text)
{
  int y, m, d;

  if (text == NULL || sscanf (text, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;

  return g_date_time_new_local (y, m, d, 12, 0, 0);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* What the pane says now, whether saved yet or not. */
static RegContact *
build_contact (RegContactPane *self,
               gboolean       *email_ok)
{
  RegContact *contact = reg_contact_copy (self->saved);
  g_autofree char *note = NULL;
  GtkTextIter start, end;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  reg_contact_set_given_name (contact, entry_text (self->given_row));
  reg_contact_set_family_name (contact, entry_text (self->family_row));
  reg_contact_set_phone (contact, entry_text (self->phone_row));
  reg_contact_set_company (contact, entry_text (self->company_row));
  reg_contact_set_street (contact, entry_text (self->street_row));
  reg_contact_set_postcode (contact, entry_text (self->postcode_row));
  reg_contact_set_city (contact, entry_text (self->city_row));
  reg_contact_set_country (contact, entry_text (self->country_row));
  reg_contact_set_birthday (contact, self->birthday);
  reg_contact_set_customer_type (contact, adw_combo_row_get_selected (self->type_row) == 1
                                          ? REG_CUSTOMER_TYPE_WHOLESALE : REG_CUSTOMER_TYPE_RETAIL);
  reg_contact_set_tags_text (contact, entry_text (self->tags_row));
  reg_contact_set_note (contact, note);
  reg_contact_set_consent (contact, MIN (adw_combo_row_get_selected (self->consent_row), REG_CONSENT_NO));
  reg_contact_set_consent_at (contact, self->consent_at);

  /* An address still being typed is not saved; the rest is. */
  *email_ok = reg_text_email_looks_valid (entry_text (self->email_row));
  if (*email_ok)
    reg_contact_set_email (contact, entry_text (self->email_row));

  return contact;
}

static void
update_email_error (RegContactPane *self,
                    gboolean        email_ok)
{
  const char *message = NULL;

  if (!email_ok)
    message = _("This doesn’t look like an e-mail address. It is saved once it does.");
  else if (self->email_taken_message != NULL)
    message = self->email_taken_message;

  gtk_label_set_text (self->email_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->email_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->email_row), "error");
}

static void
update_header (RegContactPane *self)
{
  g_autoptr(RegContact) contact = NULL;
  g_autofree char *name = NULL;
  g_autofree char *since = NULL;
  g_autofree char *since_line = NULL;
  gboolean email_ok;

  if (self->saved == NULL)
    return;

  contact = build_contact (self, &email_ok);
  name = reg_contact_dup_display_name (contact);
  since = reg_contact_dup_since_text (contact);
  /* Translators: under a customer's name; %s is a month and year */
  since_line = g_strdup_printf (_("Customer since %s"), since);

  gtk_label_set_text (self->title_label, name);
  gtk_label_set_text (self->since_label, since_line);
  update_email_error (self, email_ok);
}

/* "From: My WooCommerce shop": the shops that know this customer. */
static void
update_sources (RegContactPane *self,
                gint64          id)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *line = NULL;

  if (id > 0 && self->store != NULL)
    sources = reg_store_list_contact_sources (self->store, id, NULL);

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      RegSource *source = g_ptr_array_index (sources, i);

      if (names->len > 0)
        /* Translators: between the names of shops, "Shop A, Shop B" */
        g_string_append (names, _(", "));
      g_string_append (names, source->name);
    }

  /* Translators: under a customer's name; %s is one or more shop names */
  line = names->len > 0 ? g_strdup_printf (_("From: %s"), names->str) : NULL;
  gtk_label_set_text (self->source_label, line ? line : "");
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), line != NULL);
}

static void
update_dates (RegContactPane *self)
{
  g_autoptr(GDateTime) birthday = date_from_iso (self->birthday);
  g_autofree char *birthday_text = birthday ? reg_contact_pane_format_date (birthday) : NULL;
  g_autoptr(GDateTime) consent = NULL;
  g_autofree char *consent_text = NULL;
  guint consent_choice = adw_combo_row_get_selected (self->consent_row);

  gtk_menu_button_set_label (self->birthday_button, birthday_text ? birthday_text : _("Not set"));

  if (self->consent_at > 0)
    consent = g_date_time_new_from_unix_local (self->consent_at);
  consent_text = consent ? reg_contact_pane_format_date (consent) : NULL;
  gtk_menu_button_set_label (self->consent_date_button, consent_text ? consent_text : _("Unknown"));
  gtk_widget_set_visible (GTK_WIDGET (self->consent_date_row), consent_choice != REG_CONSENT_UNKNOWN);
}

static gboolean
save_timeout_cb (gpointer data)
{
  RegContactPane *self = data;

  self->save_source = 0;
  save_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_save (RegContactPane *self)
{
  if (self->loading || self->saved == NULL)
    return;

  update_header (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveOp *op = user_data;
  RegContactPane *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean current;

  current = self->saved != NULL && reg_contact_get_id (self->saved) == reg_contact_get_id (op->contact);

  if (reg_store_save_contact_finish (REG_STORE (object), result, &error))
    {
      if (current)
        {
          g_set_object (&self->saved, op->contact);
          if (!op->retry)
            g_clear_pointer (&self->email_taken_message, g_free);
          update_header (self);
        }
    }
  else if (g_error_matches (error, REG_STORE_ERROR, REG_STORE_ERROR_EMAIL_IN_USE) && !op->retry)
    {
      /* Keep everything else the owner typed; only the address waits. */
      if (current)
        {
          g_autoptr(RegContact) without = reg_contact_copy (op->contact);
          SaveOp *retry = g_new0 (SaveOp, 1);

          g_free (self->email_taken_message);
          self->email_taken_message = g_strdup (error->message);
          update_header (self);

          reg_contact_set_email (without, reg_contact_get_email (self->saved));
          retry->self = g_object_ref (self);
          retry->contact = g_steal_pointer (&without);
          retry->retry = TRUE;
          reg_store_save_contact_async (self->store, retry->contact, NULL, saved_cb, retry);
        }
    }
  else
    g_signal_emit (self, signals[SAVE_FAILED], 0, error->message);

  save_op_free (op);
}

static void
save_now (RegContactPane *self)
{
  g_autoptr(RegContact) contact = NULL;
  gboolean email_ok;
  SaveOp *op;

  g_clear_handle_id (&self->save_source, g_source_remove);

  if (self->saved == NULL || self->store == NULL)
    return;

  contact = build_contact (self, &email_ok);
  if (reg_contact_equal (contact, self->saved))
    return;

  op = g_new0 (SaveOp, 1);
  op->self = g_object_ref (self);
  op->contact = g_steal_pointer (&contact);
  /* Not cancellable: an edit made is an edit kept, even if the window closes. */
  reg_store_save_contact_async (self->store, op->contact, NULL, saved_cb, op);
}

static void
field_changed_cb (RegContactPane *self)
{
  if (self->loading)
    return;

  if (gtk_widget_has_focus (GTK_WIDGET (self->email_row)) ||
      gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))),
                              GTK_WIDGET (self->email_row)))
    g_clear_pointer (&self->email_taken_message, g_free);

  schedule_save (self);
}

static void
field_notify_cb (RegContactPane *self)
{
  field_changed_cb (self);
}

static void
note_changed_cb (RegContactPane *self,
                 GtkTextBuffer  *buffer)
{
  field_changed_cb (self);
}

static void
consent_changed_cb (RegContactPane *self)
{
  if (self->loading)
    return;

  /* The date an answer was given is part of the record of consent. */
  if (adw_combo_row_get_selected (self->consent_row) == REG_CONSENT_UNKNOWN)
    self->consent_at = 0;
  else
    self->consent_at = g_get_real_time () / G_USEC_PER_SEC;

  update_dates (self);
  schedule_save (self);
}

static void
birthday_selected_cb (RegContactPane *self,
                      GtkCalendar    *calendar)
{
  g_autoptr(GDateTime) date = NULL;

  if (self->loading)
    return;

  date = gtk_calendar_get_date (calendar);
  g_free (self->birthday);
  self->birthday = g_date_time_format (date, "%Y-%m-%d");
  gtk_popover_popdown (self->birthday_popover);
  update_dates (self);
  schedule_save (self);
}

static void
birthday_clear_cb (RegContactPane *self,
                   GtkButton      *button)
{
  g_clear_pointer (&self->birthday, g_free);
  gtk_popover_popdown (self->birthday_popover);
  update_dates (self);
  schedule_save (self);
}

static void
consent_date_selected_cb (RegContactPane *self,
                          GtkCalendar    *calendar)
{
  g_autoptr(GDateTime) date = NULL;

  if (self->loading)
    return;

  date = gtk_calendar_get_date (calendar);
  self->consent_at = g_date_time_to_unix (date);
  gtk_popover_popdown (self->consent_popover);
  update_dates (self);
  schedule_save (self);
}

static void
history_failed_cb (RegContactPane *self,
                   const char     *message,
                   RegHistoryView *view)
{
  g_signal_emit (self, signals[SAVE_FAILED], 0, message);
}

static void
fill (RegContactPane *self,
      RegContact     *contact)
{
  g_autofree char *tags = reg_contact_dup_tags_text (contact);
  g_autoptr(GDateTime) birthday = NULL;
  g_autoptr(GDateTime) consent = NULL;

  self->loading = TRUE;

  set_entry_text (self->given_row, reg_contact_get_given_name (contact));
  set_entry_text (self->family_row, reg_contact_get_family_name (contact));
  set_entry_text (self->email_row, reg_contact_get_email (contact));
  set_entry_text (self->phone_row, reg_contact_get_phone (contact));
  set_entry_text (self->company_row, reg_contact_get_company (contact));
  set_entry_text (self->street_row, reg_contact_get_street (contact));
  set_entry_text (self->postcode_row, reg_contact_get_postcode (contact));
  set_entry_text (self->city_row, reg_contact_get_city (contact));
  set_entry_text (self->country_row, reg_contact_get_country (contact));
  set_entry_text (self->tags_row, tags);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), reg_contact_get_note (contact), -1);
  adw_combo_row_set_selected (self->type_row,
                              reg_contact_get_customer_type (contact) == REG_CUSTOMER_TYPE_WHOLESALE ? 1 : 0);
  adw_combo_row_set_selected (self->consent_row, reg_contact_get_consent (contact));

  g_free (self->birthday);
  self->birthday = g_strdup (reg_contact_get_birthday (contact));
  self->consent_at = reg_contact_get_consent_at (contact);

  if ((birthday = date_from_iso (self->birthday)))
    gtk_calendar_select_day (self->birthday_calendar, birthday);
  if (self->consent_at > 0 && (consent = g_date_time_new_from_unix_local (self->consent_at)))
    gtk_calendar_select_day (self->consent_calendar, consent);

  g_clear_pointer (&self->email_taken_message, g_free);
  update_dates (self);

  self->loading = FALSE;

  update_header (self);
}

static void list_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param);

static void
reg_contact_pane_dispose (GObject *object)
{
  RegContactPane *self = (RegContactPane *)object;
  GtkWidget *child;

  /* Whatever was typed last is kept. */
  if (self->save_source != 0)
    save_now (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), REG_TYPE_CONTACT_PANE);
  /* The page box has no name in the template, so it is not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (reg_contact_pane_parent_class)->dispose (object);
}

static void
reg_contact_pane_finalize (GObject *object)
{
  RegContactPane *self = (RegContactPane *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->saved);
  g_clear_pointer (&self->birthday, g_free);
  g_clear_pointer (&self->email_taken_message, g_free);
  g_clear_pointer (&self->list_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (reg_contact_pane_parent_class)->finalize (object);
}

static void
reg_contact_pane_class_init (RegContactPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reg_contact_pane_dispose;
  object_class->finalize = reg_contact_pane_finalize;

  /**
   * RegContactPane::save-failed:
   * @message: what went wrong, for the owner to read
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (REG_TYPE_HISTORY_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-contact-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, stack);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, history_view);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, since_label);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, source_label);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, lists_group);
  gtk_widget_class_install_action (widget_class, "pane.add-to-list", NULL, list_action);
  gtk_widget_class_install_action (widget_class, "pane.unsubscribe", "x", list_action);
  gtk_widget_class_install_action (widget_class, "pane.resubscribe", "x", list_action);
  gtk_widget_class_install_action (widget_class, "pane.remove-from-list", "x", list_action);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, given_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, family_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, email_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, phone_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, company_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, email_error);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, street_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, postcode_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, city_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, country_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, birthday_button);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, birthday_popover);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, birthday_calendar);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, type_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, tags_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, note_view);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, consent_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, consent_date_row);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, consent_date_button);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, consent_popover);
  gtk_widget_class_bind_template_child (widget_class, RegContactPane, consent_calendar);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_notify_cb);
  gtk_widget_class_bind_template_callback (widget_class, consent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, birthday_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, birthday_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, consent_date_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_failed_cb);
}

static void
reg_contact_pane_init (RegContactPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->list_rows = g_ptr_array_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view), "changed",
                           G_CALLBACK (note_changed_cb), self, G_CONNECT_SWAPPED);
}

/* The customer's newsletter lists: the owner's record of consent. */
static char *
membership_text (const RegListMember *member)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (member->changed_at);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? reg_contact_pane_format_date (local) : g_strdup ("");
  const char *status, *how;

  switch (member->status)
    {
    case REG_MEMBER_SUBSCRIBED: status = _("Subscribed"); break;
    case REG_MEMBER_PENDING: status = _("Waiting to confirm"); break;
    case REG_MEMBER_UNSUBSCRIBED: status = _("Unsubscribed"); break;
    case REG_MEMBER_CLEANED: default: status = _("Address bounced"); break;
    }

  switch (member->changed_by)
    {
    case REG_MEMBER_CHANGE_IMPORT: how = _("by an import"); break;
    case REG_MEMBER_CHANGE_FORM: how = _("by a form"); break;
    case REG_MEMBER_CHANGE_CHECKOUT: how = _("at the shop’s checkout"); break;
    case REG_MEMBER_CHANGE_SEGMENT: how = _("from a segment"); break;
    case REG_MEMBER_CHANGE_MANUAL: default: how = _("by hand"); break;
    }

  if (member->reason != NULL && member->reason[0] != '\0')
    /* Translators: "Subscribed on 3 Mar 2026, by hand: asked at the market" */
    return g_strdup_printf (_("%s on %s, %s: %s"), status, when, how, member->reason);

  /* Translators: "Subscribed on 3 Mar 2026, by an import" */
  return g_strdup_printf (_("%s on %s, %s"), status, when, how);
}

static void
report_cb (GtkWindow  *window,
           const char *message)
{
  GtkWidget *overlay = window ? reg_widget_find_toast_overlay (GTK_WIDGET (window)) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), reg_toast_new_plain (message));
}

static void
update_lists (RegContactPane *self,
              gint64          id)
{
  g_autoptr(GArray) members = NULL;

  for (guint i = 0; i < self->list_rows->len; i++)
    adw_preferences_group_remove (self->lists_group, g_ptr_array_index (self->list_rows, i));
  g_ptr_array_set_size (self->list_rows, 0);

  if (id <= 0 || self->store == NULL || !(members = reg_store_get_contact_lists (self->store, id, NULL)))
    return;

  for (guint i = 0; i < members->len; i++)
    {
      RegListMember *member = &g_array_index (members, RegListMember, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *text = membership_text (member);
      gboolean out = member->status == REG_MEMBER_UNSUBSCRIBED || member->status == REG_MEMBER_CLEANED;
      GtkWidget *button = gtk_button_new_with_mnemonic (out ? _("Subscribe _Again…") : _("_Unsubscribe"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->list_name ? member->list_name : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), out ? "pane.resubscribe" : "pane.unsubscribe");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (member->list_id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      /* Taken off a list by mistake, someone can be removed; a record of
       * opting out stays, or the next import would subscribe them again. */
      if (!out)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove from List"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Remove from List"), -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "pane.remove-from-list");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_int64 (member->list_id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      adw_preferences_group_add (self->lists_group, row);
      g_ptr_array_add (self->list_rows, row);
    }
}

static void
list_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RegContactPane *self = REG_CONTACT_PANE (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  gint64 id = self->saved ? reg_contact_get_id (self->saved) : 0;
  g_autoptr(GError) error = NULL;

  if (id <= 0 || self->store == NULL)
    return;

  if (g_str_equal (action_name, "pane.add-to-list"))
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      reg_contact_pane_flush (self);
      g_array_append_val (ids, id);
      reg_lists_ui_add_to_list (window, self->store, ids, report_cb);
    }
  else if (g_str_equal (action_name, "pane.resubscribe"))
    reg_lists_ui_resubscribe (window, self->store, g_variant_get_int64 (param), id, report_cb);
  else if (g_str_equal (action_name, "pane.remove-from-list"))
    {
      if (!reg_store_list_remove_members (self->store, g_variant_get_int64 (param), &id, 1, NULL, NULL, &error))
        report_cb (window, error->message);
    }
  else if (!reg_store_list_set_status (self->store, g_variant_get_int64 (param), &id, 1, REG_MEMBER_UNSUBSCRIBED,
                                       REG_MEMBER_CHANGE_MANUAL, NULL, &error))
    report_cb (window, error->message);
}

/* A sync may bring the customer shown an order from a new shop. */
static void
store_changed_cb (RegContactPane *self,
                  RegChangeFlags  flags,
                  GArray         *ids,
                  RegStore       *store)
{
  if (self->saved != NULL && (flags & (REG_CHANGE_ORDERS | REG_CHANGE_SOURCES)))
    update_sources (self, reg_contact_get_id (self->saved));
  if (self->saved != NULL && (flags & REG_CHANGE_LISTS))
    update_lists (self, reg_contact_get_id (self->saved));
}

void
reg_contact_pane_set_store (RegContactPane *self,
                            RegStore       *store)
{
  g_return_if_fail (REG_IS_CONTACT_PANE (self));
  g_return_if_fail (!store || REG_IS_STORE (store));

  reg_contact_pane_flush (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reg_history_view_set_store (self->history_view, store);
}

/**
 * reg_contact_pane_load:
 * @id: the customer to show, or 0 for none
 *
 * Saves what is pending for the customer shown so far, then shows @id.
 */
void
reg_contact_pane_load (RegContactPane *self,
                       gint64          id)
{
  g_autoptr(RegContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (REG_IS_CONTACT_PANE (self));

  reg_contact_pane_flush (self);
  g_clear_object (&self->saved);
  reg_history_view_set_contact_id (self->history_view, 0);
  update_sources (self, 0);
  update_lists (self, 0);

  if (id == 0 || self->store == NULL)
    return;

  contact = reg_store_get_contact (self->store, id, &error);
  if (contact == NULL)
    {
      if (!g_error_matches (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND))
        g_signal_emit (self, signals[SAVE_FAILED], 0, error->message);
      return;
    }

  self->saved = g_object_ref (contact);
  fill (self, contact);
  update_sources (self, id);
  update_lists (self, id);
  /* The page chosen stays: going through customers' histories one after
   * the other is a common thing to do. */
  reg_history_view_set_contact_id (self->history_view, id);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

gint64
reg_contact_pane_get_contact_id (RegContactPane *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_PANE (self), 0);

  return self->saved ? reg_contact_get_id (self->saved) : 0;
}

/**
 * reg_contact_pane_flush:
 *
 * Saves pending edits now instead of after the usual pause.
 */
void
reg_contact_pane_flush (RegContactPane *self)
{
  g_return_if_fail (REG_IS_CONTACT_PANE (self));

  if (self->save_source != 0)
    save_now (self);
}

void
reg_contact_pane_focus_first (RegContactPane *self)
{
  g_return_if_fail (REG_IS_CONTACT_PANE (self));

  adw_view_stack_set_visible_child_name (self->stack, "details");
  gtk_widget_grab_focus (GTK_WIDGET (self->given_row));
}

/**
 * reg_contact_pane_set_page:
 * @page: "details" or "history"
 */
void
reg_contact_pane_set_page (RegContactPane *self,
                           const char     *page)
{
  g_return_if_fail (REG_IS_CONTACT_PANE (self));
  g_return_if_fail (g_strcmp0 (page, "details") == 0 || g_strcmp0 (page, "history") == 0);

  adw_view_stack_set_visible_child_name (self->stack, page);
}

/**
 * reg_contact_pane_get_page:
 *
 * Returns: the page shown, "details" or "history"
 */
const char *
reg_contact_pane_get_page (RegContactPane *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_PANE (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * reg_contact_pane_get_history_view:
 *
 * Returns: (transfer none): the History page
 */
RegHistoryView *
reg_contact_pane_get_history_view (RegContactPane *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_PANE (self), NULL);

  return self->history_view;
}

/**
 * reg_contact_pane_is_blank:
 *
 * Whether the customer shown has no details at all, typed or saved.
 */
gboolean
reg_contact_pane_is_blank (RegContactPane *self)
{
  g_autoptr(RegContact) contact = NULL;
  gboolean email_ok;

  g_return_val_if_fail (REG_IS_CONTACT_PANE (self), FALSE);

  if (self->saved == NULL)
    return FALSE;

  contact = build_contact (self, &email_ok);
  return reg_contact_is_blank (contact) && entry_text (self->email_row)[0] == '\0';
}

/**
 * reg_contact_pane_dup_display_name:
 *
 * Returns: (transfer full) (nullable): the name of the customer shown
 */
char *
reg_contact_pane_dup_display_name (RegContactPane *self)
{
  g_autoptr(RegContact) contact = NULL;
  gboolean email_ok;

  g_return_val_if_fail (REG_IS_CONTACT_PANE (self), NULL);

  if (self->saved == NULL)
    return NULL;

  contact = build_contact (self, &email_ok);
  return reg_contact_dup_display_name (contact);
}
