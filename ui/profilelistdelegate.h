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
};

} // namespace a911
