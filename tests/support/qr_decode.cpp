#include "support/qr_decode.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

namespace portsafe::testing {
namespace {

// Runs `command` and returns its standard output.
std::string Run(const std::string& command) {
  std::unique_ptr<FILE, decltype(&pclose)> p(popen(command.c_str(), "r"), &pclose);
  if (!p) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
  return out;
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `path` when a tool made that file, else "".
std::string IfMade(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? path : std::string();
}

}  // namespace

std::vector<std::string> DecodeQrCodes(const std::string& image_path) {
  // --raw: one decoded text a line, without the symbology prefix.
  const std::string out = Run("zbarimg --quiet --raw " + Quote(image_path) + " 2>/dev/null");
  std::vector<std::string> codes;
  size_t start = 0;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    if (nl == std::string::npos) nl = out.size();
    if (nl > start) codes.push_back(out.substr(start, nl - start));
    start = nl + 1;
  }
  return codes;
}

std::string RenderPdfPage(const std::string& pdf_path, int page, int dpi) {
  const std::string prefix = pdf_path + ".page" + std::to_string(page);
  const std::string p = std::to_string(page);
  Run("pdftoppm -png -singlefile -r " + std::to_string(dpi) + " -f " + p + " -l " + p + " " +
      Quote(pdf_path) + " " + Quote(prefix) + " 2>/dev/null; echo");
  const std::string png = prefix + ".png";
  return IfMade(png);
}

std::string RenderSvg(const std::string& svg_path) {
  const std::string png = svg_path + ".png";
  Run("rsvg-convert --format=png --output=" + Quote(png) + " " + Quote(svg_path) +
      " 2>/dev/null; echo");
  return IfMade(png);
}

int PdfPageCount(const std::string& pdf_path) {
  const std::string out = Run("pdfinfo " + Quote(pdf_path) + " 2>/dev/null");
  const size_t at = out.find("Pages:");
  if (at == std::string::npos) return 0;
  return std::atoi(out.c_str() + at + 6);
}

std::string PdfPageText(const std::string& pdf_path, int page) {
  const std::string n = std::to_string(page);
  return Run("pdftotext -f " + n + " -l " + n + " " + Quote(pdf_path) + " - 2>/dev/null");
}

std::string PdfPageTextIn(const std::string& pdf_path, int page, int x, int y, int w, int h) {
  const std::string n = std::to_string(page);
  return Run("pdftotext -f " + n + " -l " + n + " -x " + std::to_string(x) + " -y " +
             std::to_string(y) + " -W " + std::to_string(w) + " -H " + std::to_string(h) + " " +
             Quote(pdf_path) + " - 2>/dev/null");
}

std::string PdfWordBoxes(const std::string& pdf_path) {
  return Run("pdftotext -bbox " + Quote(pdf_path) + " - 2>/dev/null");
}

std::string PdfImageList(const std::string& pdf_path) {
  return Run("pdfimages -list " + Quote(pdf_path) + " 2>/dev/null");
}

std::vector<std::string> PdfJpegStreams(const std::string& pdf_path) {
  const std::string prefix = pdf_path + ".img";
  Run("pdfimages -j " + Quote(pdf_path) + " " + Quote(prefix) + " 2>/dev/null; echo");
  // pdfimages names them <prefix>-000.jpg, -001.jpg, ... (other images .ppm).
  std::vector<std::string> files;
  const std::filesystem::path dir = std::filesystem::path(prefix).parent_path();
  const std::string stem = std::filesystem::path(prefix).filename().string() + "-";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(stem, 0) == 0 && entry.path().extension() == ".jpg") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

}  // namespace portsafe::testing
