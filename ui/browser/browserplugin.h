#pragma once

#include "browserflow.h"

#include <QObject>

namespace a911 {

class BrowserPlugin final : public QObject, public BrowserFlowPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID A911_BROWSER_FLOW_IID)
    Q_INTERFACES(a911::BrowserFlowPlugin)
public:
    BrowserPane *createPane(const BrowserOptions &options, const BrowserCallbacks &callbacks,
                            QWidget *parent) override;
};

} // namespace a911
