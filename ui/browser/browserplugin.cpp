#include "browserplugin.h"

#include "browserpanewidget.h"

namespace a911 {

BrowserPane *BrowserPlugin::createPane(const BrowserOptions &options,
                                       const BrowserCallbacks &callbacks, QWidget *parent)
{
    return new BrowserPaneWidget(options, callbacks, parent);
}

} // namespace a911
