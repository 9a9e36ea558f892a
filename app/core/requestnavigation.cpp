#include "requestnavigation.h"

namespace a911 {

void RequestNavigation::open(const ApiRequest &request)
{
    m_items.resize(m_current + 1);
    m_items << request;
    if (m_items.size() > kMax)
        m_items.removeFirst();
    m_current = int(m_items.size()) - 1;
}

ApiRequest RequestNavigation::back()
{
    if (canGoBack())
        --m_current;
    return current();
}

ApiRequest RequestNavigation::forward()
{
    if (canGoForward())
        ++m_current;
    return current();
}

} // namespace a911
