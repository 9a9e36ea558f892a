#include "profilelistdelegate.h"

#include "profilelistmodel.h"
#include "profilestate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace a911 {

namespace {
constexpr int kPad = 6;

QFont smaller(const QFont &f)
{
    QFont s = f;
    if (s.pointSizeF() > 0)
        s.setPointSizeF(s.pointSizeF() * 0.85);
    else
        s.setPixelSize(std::max(8, s.pixelSize() * 85 / 100));
    return s;
}
} // namespace

QSize ProfileListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    const QFontMetrics sm(smaller(option.font));
    return QSize(fm.averageCharWidth() * 30, kPad * 3 + fm.height() * 2 + sm.height() + 4);
}

void ProfileListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *w = option.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, w);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &pal = option.palette;
    const QColor text = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const auto state = DisplayState(index.data(ProfileListModel::StateRole).toInt());
    const QFontMetrics fm(option.font);
    const QFont small = smaller(option.font);
    const QFontMetrics sm(small);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QRect r = option.rect.adjusted(kPad, kPad, -kPad, -kPad);

    // Line 1: dot, label, state in words on the right.
    const int dot = std::max(8, fm.height() / 2);
    const QRect dotRect(r.left(), r.top() + (fm.height() - dot) / 2, dot, dot);
    painter->setPen(QPen(pal.color(QPalette::Base), 1));
    painter->setBrush(stateColor(state, pal));
    painter->drawEllipse(dotRect);

    const QString stateText = index.data(ProfileListModel::StateTextRole).toString();
    const int stateW = fm.horizontalAdvance(stateText);
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    const QRect labelRect(dotRect.right() + kPad, r.top(),
                          r.width() - dot - 3 * kPad - stateW, fm.height());
    painter->drawText(labelRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(index.data().toString(), Qt::ElideRight,
                                                    labelRect.width()));
    painter->setFont(option.font);
    painter->setPen(selected ? text : stateColor(state, pal));
    painter->drawText(QRect(r.right() - stateW, r.top(), stateW, fm.height()),
                      Qt::AlignRight | Qt::AlignVCenter, stateText);

    // Line 2: agency.
    painter->setPen(selected ? text : pal.color(QPalette::PlaceholderText));
    const QRect agencyRect(labelRect.left(), r.top() + fm.height() + 2, r.width() - dot - kPad,
                           fm.height());
    painter->drawText(agencyRect, Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(index.data(ProfileListModel::AgencyNameRole).toString(),
                                    Qt::ElideRight, agencyRect.width()));

    // Line 3: scope chips.
    painter->setFont(small);
    int x = labelRect.left();
    const int y = agencyRect.bottom() + kPad;
    const QStringList chips = index.data(ProfileListModel::ScopeChipsRole).toStringList();
    for (const QString &chip : chips) {
        const int cw = sm.horizontalAdvance(chip) + sm.height();
        if (x + cw > r.right())
            break;
        const QRectF chipRect(x, y, cw, sm.height() + 2);
        QPainterPath path;
        path.addRoundedRect(chipRect, chipRect.height() / 2, chipRect.height() / 2);
        painter->setPen(QPen(selected ? text : pal.color(QPalette::Mid), 1));
        painter->setBrush(selected ? Qt::NoBrush : pal.brush(QPalette::AlternateBase));
        painter->drawPath(path);
        painter->setPen(text);
        painter->drawText(chipRect, Qt::AlignCenter, chip);
        x += cw + kPad / 2;
    }
    painter->restore();
}

} // namespace a911
