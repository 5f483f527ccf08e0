/* reg-analysis.h: RFM groups, ABC classes and customer value, from the orders
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-store.h"

G_BEGIN_DECLS

/* A customer's scores as reg_store_compute_scores() left them. */
typedef struct
{
  guint        recency;        /* 1–5; 5: ordered most recently */
  guint        frequency;      /* 1–5; 5: ordered most often */
  guint        monetary;       /* 1–5; 5: spent most */
  RegRfmGroup  rfm_group;
  char         abc_class;      /* 'A', 'B' or 'C'; 0 without orders */
  gint64       clv_predicted;  /* minor units of the customer's currency */
} RegScores;

gboolean     reg_store_compute_scores   (RegStore     *self,
                                         gint64        now,
                                         GError      **error);
void         reg_store_compute_scores_async  (RegStore            *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     reg_store_compute_scores_finish (RegStore            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean     reg_store_get_scores       (RegStore     *self,
                                         gint64        contact_id,
                                         RegScores    *scores,
                                         GError      **error);

RegRfmGroup  reg_rfm_group_from_scores  (guint         recency,
                                         guint         frequency);
const char  *reg_rfm_group_get_key      (RegRfmGroup   group);
RegRfmGroup  reg_rfm_group_from_key     (const char   *key);
const char  *reg_rfm_group_get_title    (RegRfmGroup   group);
const char  *reg_rfm_group_get_explanation (RegRfmGroup group);
const char  *reg_clv_get_formula_text   (void);
const char  *reg_abc_class_get_explanation (char abc_class);
GPtrArray   *reg_segments_get_builtin   (void);

G_END_DECLS
