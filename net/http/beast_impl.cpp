// Beast is compiled once, here (BOOST_BEAST_SEPARATE_COMPILATION is defined for every target), so
// that each translation unit using the HTTP parser does not instantiate its implementation again.
#include <boost/beast/src.hpp>
