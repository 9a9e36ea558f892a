#pragma once

#include <QWidget>

#include <functional>

namespace a911 {

/// A tab page whose real content is built the first time it is shown (or asked for),
/// so that start-up pays only for what the first screen shows.
class LazyPage final : public QWidget
{
    Q_OBJECT
public:
    using Factory = std::function<QWidget *()>;
    explicit LazyPage(Factory factory, QWidget *parent = nullptr);

    /// The content, built now if it was not yet.
    QWidget *content();
    bool isBuilt() const { return m_content != nullptr; }

Q_SIGNALS:
    void built(QWidget *content);

protected:
    void showEvent(QShowEvent *event) override;

private:
    Factory m_factory;
    QWidget *m_content = nullptr;
};

} // namespace a911
