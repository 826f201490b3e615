// libxml2's HTML parser (tag-soup tolerant, as browsers are) and its XML parser for feeds.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
