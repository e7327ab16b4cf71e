// How a published figure table (core/figures.h) is shown: a server-rendered
// SVG bar chart with the same numbers in an HTML table beside it, a CSV file
// and JSON. Each shows only what the table holds, so a count the rules hid
// stays "fewer than 5" everywhere.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>
#include "core/figures.h"
#include "web/i18n.h"

namespace portsafe::web {

// The table's row labels in `lang`: categories and outcomes through the
// catalogue, insider types and agency kinds in English, anything else as
// the service labelled it (port names) or its key (months, freeports).
std::vector<std::string> FigureLabels(const Catalogue& cat, std::string_view lang,
                                      const core::FigureTable& t);

// What a cell says in `lang`: its count, "fewer than 5", "not shown, to
// protect another count", "at least 15" or "fewer than 5 in each month".
std::string CellText(const Catalogue& cat, std::string_view lang, const core::FigureCell& c);
// CellText of every row of `t`.
std::vector<std::string> FigureValues(const Catalogue& cat, std::string_view lang,
                                      const core::FigureTable& t);

// A horizontal bar chart, each row's label above its bar. `title` names it
// (its accessible name). A shown count has its bar and number, an "at
// least" count an outlined bar to its bound and "≥ N", a hidden count an
// outlined stub and a dash; the table beside it says why.
std::string FigureSvg(const core::FigureTable& t, const std::vector<std::string>& labels,
                      std::string_view title);

// "label,count,state,text" lines with a header: the count (the shown count,
// or the lower bound when the state is at_least; empty when hidden), the
// state as core::ToString(CellState) names it, and the row's text from
// `values` ("fewer than 5", ...). The header is `header` (a line without
// its end) when given, else the column names in code
// ("port,count,state,text").
std::string FigureCsv(const core::FigureTable& t, const std::vector<std::string>& labels,
                      const std::vector<std::string>& values, std::string_view header = "");

// The CSV header in `lang`: "Port,Reports,State,Shown as".
std::string FigureCsvHeader(const Catalogue& cat, std::string_view lang,
                            const core::FigureTable& t);

// {"id", "title", "dimension", "from_month" and "to_month" (a table over
// months), "rows": [{"key", "label", "count" (null unless shown), "state",
// "at_least" (for state at_least), "shown" (the English text)}]} per table.
boost::json::array FiguresJson(const Catalogue& cat, const std::vector<core::FigureTable>& tables);

// Every table as a section (chart, table, CSV link `csv_base`/<id>.csv
// keeping ?lang=) rendered from figure_tables.mustache, for a page to embed.
std::string RenderFigureTables(const Catalogue& cat, std::string_view lang,
                               const std::vector<core::FigureTable>& tables,
                               std::string_view csv_base);

// The translated title of table `id` (key "figures.<id>"), falling back to
// the service's English title.
std::string FigureTitle(const Catalogue& cat, std::string_view lang, const core::FigureTable& t);

}  // namespace portsafe::web
