#pragma once

#include "apiclient.h"

#include <QList>

namespace a911 {

/// Back/forward through the requests the explorer opened, like a browser's:
/// opening a new request drops what was ahead of the current one.
class RequestNavigation final
{
public:
    void open(const ApiRequest &request);
    bool canGoBack() const { return m_current > 0; }
    bool canGoForward() const { return m_current >= 0 && m_current + 1 < m_items.size(); }
    /// Moves and returns the request now current (unchanged when it cannot move).
    ApiRequest back();
    ApiRequest forward();
    ApiRequest current() const { return m_current >= 0 ? m_items.at(m_current) : ApiRequest(); }
    int size() const { return int(m_items.size()); }
    int position() const { return m_current; }

private:
    QList<ApiRequest> m_items;
    int m_current = -1;
    static constexpr int kMax = 100;
};

} // namespace a911
