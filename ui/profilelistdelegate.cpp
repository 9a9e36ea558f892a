#include "profilelistdelegate.h"

#include "profilelistmodel.h"
#include "profilestate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

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

QFont bolder(const QFont &f)
{
    QFont b = f;
    b.setBold(true);
    return b;
}

int dotSize(const QFontMetrics &fm)
{
    return std::max(8, fm.height() / 2);
}
} // namespace

int ProfileListDelegate::minimumRowWidth(const QFont &font)
{
    const QFontMetrics fm(font);
    // The longest state a row shows, beside about twelve characters of label.
    const int state = fm.horizontalAdvance(displayStateName(DisplayState::NeedsRegeneration));
    const int label = QFontMetrics(bolder(font)).averageCharWidth() * 12;
    return dotSize(fm) + state + label + 5 * kPad;
}

QSize ProfileListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    const QFontMetrics sm(smaller(option.font));
    // The width is a minimum only: rows stretch to the view, which never scrolls sideways.
    return QSize(minimumRowWidth(option.font), kPad * 3 + fm.height() * 2 + sm.height() + 4);
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
    const QFont bold = bolder(option.font);
    const QFontMetrics bm(bold);
    const QFont small = smaller(option.font);
    const QFontMetrics sm(small);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect r = option.rect.adjusted(kPad, kPad, -kPad, -kPad);

    // Line 1: dot, label, state in words on the right. The state keeps its words; the
    // label gives way first (its full text is in the tooltip and the panel's title).
    const int dot = dotSize(fm);
    const QRect dotRect(r.left(), r.top() + (fm.height() - dot) / 2, dot, dot);
    painter->setPen(QPen(selected ? text : pal.color(QPalette::Base), 1));
    painter->setBrush(stateColor(state, pal));
    painter->drawEllipse(dotRect);

    const int textLeft = dotRect.right() + kPad + 1;
    const int textWidth = r.right() - textLeft + 1;
    const QString stateText = index.data(ProfileListModel::ShortStateTextRole).toString();
    // Whole pixels rounded up: elidedText() cuts a text given exactly its rounded width.
    const int stateFull =
        int(std::ceil(QFontMetricsF(option.font).horizontalAdvance(stateText))) + 1;
    const int labelFull = bm.horizontalAdvance(index.data().toString());
    const int labelFloor = std::min(labelFull, bm.averageCharWidth() * 8);
    const int stateW = std::max(0, std::min(stateFull, textWidth - labelFloor - 2 * kPad));
    const QRect stateRect(r.right() - stateW + 1, r.top(), stateW, fm.height());
    const QRect labelRect(textLeft, r.top(), textWidth - stateW - 2 * kPad, fm.height());
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(labelRect, Qt::AlignLeft | Qt::AlignVCenter,
                      bm.elidedText(index.data().toString(), Qt::ElideRight, labelRect.width()));
    painter->setFont(option.font);
    painter->setPen(selected ? text : stateColor(state, pal));
    painter->drawText(stateRect, Qt::AlignRight | Qt::AlignVCenter,
                      fm.elidedText(stateText, Qt::ElideRight, stateW));

    // Line 2: the agency (where the label does not already say it) and its number.
    painter->setPen(selected ? text : pal.color(QPalette::PlaceholderText));
    const QRect agencyRect(textLeft, r.top() + fm.height() + 2, textWidth, fm.height());
    painter->drawText(agencyRect, Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(index.data(ProfileListModel::SubtitleRole).toString(),
                                    Qt::ElideRight, agencyRect.width()));

    // Line 3: scope chips; those that do not fit are counted in a last "+N" chip.
    painter->setFont(small);
    const QStringList chips = index.data(ProfileListModel::ScopeChipsRole).toStringList();
    const int chipH = sm.height() + 2;
    const int y = agencyRect.bottom() + kPad;
    auto chipWidth = [&sm](const QString &chip) {
        return sm.horizontalAdvance(chip) + sm.height();
    };
    auto drawChip = [&](int x, const QString &chip) {
        const QRectF chipRect(x + 0.5, y + 0.5, chipWidth(chip), chipH);
        QPainterPath path;
        path.addRoundedRect(chipRect, chipH / 2.0, chipH / 2.0);
        // The text colour, faded: an edge that shows on light and dark palettes alike.
        QColor edge = text;
        edge.setAlphaF(selected ? 0.8 : 0.35);
        painter->setPen(QPen(edge, 1));
        painter->setBrush(selected ? Qt::NoBrush : pal.brush(QPalette::AlternateBase));
        painter->drawPath(path);
        painter->setPen(text);
        painter->drawText(chipRect, Qt::AlignCenter, chip);
        return int(chipRect.width()) + kPad / 2 + 1;
    };
    int x = textLeft;
    for (int i = 0; i < chips.size(); ++i) {
        const int left = int(chips.size()) - i - 1;
        const QString more = QStringLiteral("+%1").arg(left);
        const int reserve = left > 0 ? chipWidth(more) + kPad : 0;
        if (x + chipWidth(chips.at(i)) + reserve > r.right()) {
            drawChip(x, QStringLiteral("+%1").arg(chips.size() - i));
            break;
        }
        x += drawChip(x, chips.at(i));
    }
    painter->restore();
}

} // namespace a911
