// libxml2's HTML parser (tag-soup tolerant, as browsers are) and its XML parser for feeds.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, and encoding.h then includes the system ICU headers, whose declarations
// clash with the ICU copy Foundation ships. Only the layout of xmlCharEncodingHandler depends on this
// macro, and that struct is only ever handled through pointers here.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
