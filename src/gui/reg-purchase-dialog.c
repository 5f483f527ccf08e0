/* reg-purchase-dialog.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-purchase-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-money.h"
#include "reg-order.h"
#include "reg-gui-util.h"
#include "reg-purchase-dialog.h"

/* Money above this many minor units is refused (as reg_money_parse does):
 * it cannot be added up exactly any more. */
#define MAX_MINOR (G_GINT64_CONSTANT (1) << 53)

struct _RegPurchaseDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  GtkMenuButton  *date_button;
  GtkPopover     *date_popover;
  GtkCalendar    *date_calendar;
  AdwEntryRow    *what_row;
  GtkSpinButton  *quantity_spin;
  AdwEntryRow    *price_row;
  AdwComboRow    *currency_row;
  AdwEntryRow    *number_row;
  GtkLabel       *total_label;
  GtkLabel       *message_label;

  /* Owned references */
  RegStore       *store;
  GtkStringList  *currencies;
  GDateTime      *day;
  char           *save_error;

  gint64          contact_id;
  guint           saving : 1;
};

G_DEFINE_FINAL_TYPE (RegPurchaseDialog, reg_purchase_dialog, ADW_TYPE_WINDOW)

/* Offered every time; the customer's own currency joins them. */
static const char * const common_currencies[] = { "EUR", "USD", "GBP", "CHF", NULL };

void
reg_purchase_check_clear (RegPurchaseCheck *check)
{
  g_clear_pointer (&check->message, g_free);
}

/**
 * reg_purchase_dialog_check:
 * @price_text: the price of one, as typed
 * @quantity: how many
 * @currency: the currency chosen
 * @ordered_at: when, from reg_purchase_dialog_ordered_at()
 * @now: the time now
 * @out: (out caller-allocates): what to show; clear with reg_purchase_check_clear()
 *
 * Decides whether a purchase can be added and what its total is. An
 * empty price is not an error to point at, only a reason to wait.
 */
void
reg_purchase_dialog_check (const char       *price_text,
                           gint64            quantity,
                           const char       *currency,
                           gint64            ordered_at,
                           gint64            now,
                           RegPurchaseCheck *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (price_text ? price_text : ""));
  gint64 price = 0;

  g_return_if_fail (out != NULL);

  out->price = 0;
  out->total = 0;
  out->price_error = FALSE;
  out->message = NULL;
  out->can_add = FALSE;

  if (trimmed[0] == '\0')
    return;

  if (!reg_money_parse (trimmed, currency, &price, &error))
    {
      out->price_error = TRUE;
      out->message = g_strdup (error->message);
      return;
    }

  if (price < 0)
    {
      out->price_error = TRUE;
      out->message = g_strdup (_("A price cannot be below zero."));
      return;
    }

  if (quantity < 1)
    {
      out->message = g_strdup (_("The quantity must be at least 1."));
      return;
    }

  if (price > 0 && quantity > MAX_MINOR / price)
    {
      out->price_error = TRUE;
      out->message = g_strdup (_("The total is too large an amount."));
      return;
    }

  if (ordered_at > now)
    {
      out->message = g_strdup (_("The date is in the future. Choose the day of the sale."));
      return;
    }

  out->price = price;
  out->total = price * quantity;
  out->can_add = TRUE;
}

/**
 * reg_purchase_dialog_ordered_at:
 * @day: the day chosen, in local time
 * @now: the time now
 *
 * A sale entered on its day happened just now; one entered later gets
 * noon of its day, so that it sorts inside that day whatever the time zone.
 *
 * Returns: the time to store, Unix seconds
 */
gint64
reg_purchase_dialog_ordered_at (GDateTime *day,
                                gint64     now)
{
  g_autoptr(GDateTime) local_now = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) noon = NULL;
  int y, m, d;

  g_return_val_if_fail (day != NULL, now);

  g_date_time_get_ymd (day, &y, &m, &d);

  if (local_now != NULL &&
      g_date_time_get_year (local_now) == y &&
      g_date_time_get_month (local_now) == m &&
      g_date_time_get_day_of_month (local_now) == d)
    return now;

  noon = g_date_time_new_local (y, m, d, 12, 0, 0);
  return noon ? g_date_time_to_unix (noon) : now;
}

static char *
format_day (GDateTime *day)
{
  /* Translators: a full date, see strftime: "14 March 1986" */
  return g_date_time_format (day, _("%-d %B %Y"));
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  int ay, am, ad, by, bm, bd;

  g_date_time_get_ymd (a, &ay, &am, &ad);
  g_date_time_get_ymd (b, &by, &bm, &bd);

  return ay == by && am == bm && ad == bd;
}

static const char *
selected_currency (RegPurchaseDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->currency_row);
  const char *code = gtk_string_list_get_string (self->currencies, selected);

  return code ? code : "EUR";
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
check (RegPurchaseDialog *self,
       RegPurchaseCheck  *out)
{
  gint64 now = now_seconds ();

  reg_purchase_dialog_check (gtk_editable_get_text (GTK_EDITABLE (self->price_row)),
                             gtk_spin_button_get_value_as_int (self->quantity_spin),
                             selected_currency (self),
                             reg_purchase_dialog_ordered_at (self->day, now),
                             now, out);
}

static void
update (RegPurchaseDialog *self)
{
  RegPurchaseCheck state;
  g_autofree char *total = NULL;
  g_autofree char *day = format_day (self->day);
  const char *message;

  check (self, &state);

  gtk_menu_button_set_label (self->date_button, day);

  total = state.can_add ? reg_money_format (state.total, selected_currency (self)) : g_strdup ("—");
  gtk_label_set_text (self->total_label, total);

  if (state.price_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->price_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->price_row), "error");

  message = self->save_error ? self->save_error : state.message;
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "purchase.add", state.can_add && !self->saving);

  reg_purchase_check_clear (&state);
}

static void
input_changed_cb (RegPurchaseDialog *self)
{
  /* A new try: the old failure no longer says anything. */
  g_clear_pointer (&self->save_error, g_free);
  update (self);
}

static void
date_selected_cb (RegPurchaseDialog *self,
                  GtkCalendar       *calendar)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);

  gtk_popover_popdown (self->date_popover);
  if (!same_day (day, self->day))
    reg_purchase_dialog_set_date (self, day);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RegPurchaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;

  if (reg_store_save_order_finish (REG_STORE (object), result, &error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* Gone with its parent window meanwhile: nowhere left to say it. */
  if (self->store == NULL)
    {
      g_warning ("A purchase could not be saved: %s", error->message);
      return;
    }

  /* Everything typed stays, to try again. */
  g_free (self->save_error);
  self->save_error = g_strdup_printf (_("The purchase could not be saved: %s"), error->message);
  update (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  RegPurchaseDialog *self = REG_PURCHASE_DIALOG (widget);
  g_autoptr(RegOrder) order = NULL;
  g_autofree char *what = NULL;
  g_autofree char *number = NULL;
  RegPurchaseCheck state;
  gint64 quantity;
  gint64 now = now_seconds ();

  if (self->saving || self->store == NULL)
    return;

  /* A number typed into the spin button counts even before Enter. */
  gtk_spin_button_update (self->quantity_spin);
  quantity = gtk_spin_button_get_value_as_int (self->quantity_spin);

  check (self, &state);
  if (!state.can_add)
    {
      reg_purchase_check_clear (&state);
      update (self);
      return;
    }

  what = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->what_row))));
  number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));

  order = reg_order_new ();
  reg_order_set_contact_id (order, self->contact_id);
  reg_order_set_number (order, number);
  reg_order_set_ordered_at (order, reg_purchase_dialog_ordered_at (self->day, now));
  reg_order_set_status (order, REG_ORDER_STATUS_PAID);
  reg_order_set_currency (order, selected_currency (self));
  reg_order_set_total (order, state.total);
  reg_order_set_origin (order, REG_ORIGIN_MANUAL);
  reg_order_add_item (order, what, NULL, quantity, state.price);
  reg_purchase_check_clear (&state);

  self->saving = TRUE;
  g_clear_pointer (&self->save_error, g_free);
  update (self);

  /* Not cancellable: once Add is pressed the sale is kept, even if the
   * window is closed meanwhile. */
  reg_store_save_order_async (self->store, order, NULL, saved_cb, g_object_ref (self));
}

static gboolean
reg_purchase_dialog_close_request (GtkWindow *window)
{
  RegPurchaseDialog *self = REG_PURCHASE_DIALOG (window);

  /* Stays until the store answers, so that a failure can still be shown
   * next to what was typed. */
  return self->saving;
}

static void
reg_purchase_dialog_dispose (GObject *object)
{
  RegPurchaseDialog *self = (RegPurchaseDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), REG_TYPE_PURCHASE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->currencies);

  G_OBJECT_CLASS (reg_purchase_dialog_parent_class)->dispose (object);
}

static void
reg_purchase_dialog_finalize (GObject *object)
{
  RegPurchaseDialog *self = (RegPurchaseDialog *)object;

  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (reg_purchase_dialog_parent_class)->finalize (object);
}

static void
reg_purchase_dialog_class_init (RegPurchaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = reg_purchase_dialog_dispose;
  object_class->finalize = reg_purchase_dialog_finalize;

  window_class->close_request = reg_purchase_dialog_close_request;

  gtk_widget_class_install_action (widget_class, "purchase.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-purchase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, date_popover);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, what_row);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, RegPurchaseDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_selected_cb);
}

static void
reg_purchase_dialog_init (RegPurchaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->currencies = gtk_string_list_new ((const char * const *)common_currencies);
  self->day = g_date_time_new_now_local ();
  gtk_calendar_select_day (self->date_calendar, self->day);
}

/**
 * reg_purchase_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @contact_id: the customer who bought
 * @currency: (nullable): the currency the customer usually pays in
 *
 * Returns: (transfer none): a dialog that adds one purchase, with one
 *   line, paid, to @contact_id, and closes itself when it is saved
 */
RegPurchaseDialog *
reg_purchase_dialog_new (GtkWindow  *parent,
                         RegStore   *store,
                         gint64      contact_id,
                         const char *currency)
{
  RegPurchaseDialog *self;
  g_autofree char *default_currency = NULL;
  guint selected = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (REG_IS_STORE (store), NULL);
  g_return_val_if_fail (contact_id > 0, NULL);

  self = g_object_new (REG_TYPE_PURCHASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->contact_id = contact_id;

  if (currency == NULL || !reg_currency_is_known (currency))
    currency = default_currency = reg_default_currency ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->currencies)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->currencies, i), currency) == 0)
      {
        selected = i;
        found = TRUE;
      }
  if (!found)
    {
      gtk_string_list_append (self->currencies, currency);
      selected = g_list_model_get_n_items (G_LIST_MODEL (self->currencies)) - 1;
    }

  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (self->currencies));
  adw_combo_row_set_selected (self->currency_row, selected);

  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->what_row));

  return self;
}

/**
 * reg_purchase_dialog_set_date:
 * @day: the day of the sale, local time
 */
void
reg_purchase_dialog_set_date (RegPurchaseDialog *self,
                              GDateTime         *day)
{
  g_return_if_fail (REG_IS_PURCHASE_DIALOG (self));
  g_return_if_fail (day != NULL);

  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = g_date_time_ref (day);
  gtk_calendar_select_day (self->date_calendar, day);
  input_changed_cb (self);
}
