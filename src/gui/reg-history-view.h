/* reg-history-view.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "reg-analysis.h"

#include "reg-figures.h"
#include "reg-store.h"

G_BEGIN_DECLS

/**
 * RegHistoryFigure:
 * @label: what the figure is ("Total spent")
 * @value: the figure ("€50.00")
 * @detail: (nullable): a word more, under the value ("12 days ago")
 * @tooltip: (nullable): what the figure means, for whoever asks
 *
 * One figure of the customer as the History page shows it.
 */
typedef struct
{
  char *label;
  char *value;
  char *detail;
  char *tooltip;
} RegHistoryFigure;

void              reg_history_view_add_score_figures         (GPtrArray        *figures,
                                                              const RegScores  *scores,
                                                              const char       *currency);
void              reg_history_figure_free                    (RegHistoryFigure *figure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegHistoryFigure, reg_history_figure_free)

#define REG_TYPE_HISTORY_VIEW (reg_history_view_get_type ())

G_DECLARE_FINAL_TYPE (RegHistoryView, reg_history_view, REG, HISTORY_VIEW, GtkWidget)

void              reg_history_view_set_store                 (RegHistoryView   *self,
                                                              RegStore         *store);
void              reg_history_view_set_contact_id            (RegHistoryView   *self,
                                                              gint64            contact_id);
gint64            reg_history_view_get_contact_id            (RegHistoryView   *self);
GListModel       *reg_history_view_get_timeline              (RegHistoryView   *self);
const RegFigures *reg_history_view_get_figures               (RegHistoryView   *self);

GPtrArray        *reg_history_view_format_figures            (const RegFigures *figures,
                                                              gint64            now);
char             *reg_history_view_format_other_currencies   (const RegFigures *figures);
char             *reg_history_view_format_days_ago           (int               days);
char             *reg_history_view_format_days_until         (int               days);
char             *reg_history_view_format_date               (gint64            unix_utc);

G_END_DECLS
