#pragma once

#include <QStyledItemDelegate>

namespace a911 {

/// Paints a profile row: a status dot beside the state in words, the label, the
/// agency and the scopes as small chips. Sizes follow the font, so 200 % scaling works.
class ProfileListDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The narrowest row that still shows the longest state in full beside a readable
    /// label; the list is never made narrower.
    static int minimumRowWidth(const QFont &font);
};

} // namespace a911
