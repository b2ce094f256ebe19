// cv.cpp - the OpenCV side of the MRZ reader: decoding, locating the zone,
// cutting it into rectified lines, and video frames.  C interface in
// read_int.h; no exception leaves this file.
#include "read_int.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct Line {
	cv::Point2f c;        // centre (image pixels)
	cv::Point2f u;        // unit vector along the line
	float len, thick;     // blob length and thickness (image pixels)
	cv::Point2f corner[4];
	int level;
};

cv::Point2f unit_along(const cv::RotatedRect &r, float *len, float *thick)
{
	float a = r.angle * (float)CV_PI / 180.f;
	cv::Point2f ux(std::cos(a), std::sin(a));
	cv::Point2f uy(-std::sin(a), std::cos(a));
	cv::Point2f u;
	if (r.size.width >= r.size.height) {
		u = ux;
		*len = r.size.width;
		*thick = r.size.height;
	} else {
		u = uy;
		*len = r.size.height;
		*thick = r.size.width;
	}
	// A canonical direction: pointing right, or down when vertical.
	if (u.x < -1e-3f || (std::fabs(u.x) <= 1e-3f && u.y < 0))
		u = -u;
	return u;
}

float dotp(cv::Point2f a, cv::Point2f b) { return a.x * b.x + a.y * b.y; }

// Line blobs in one direction: the stroke mask turned by deg so lines at
// that angle run horizontally, a horizontal closing joins characters into
// lines without joining neighbouring lines.  Appends them to out (group id
// id) and returns the length-weighted mean slant, in degrees, of the long
// blobs left in the turned mask.  The fine search (fine) also takes pieces
// taller than 40 pixels (a long line still leaning) and never lets the rows
// of one line drift apart by more than 0.7 heights (two lines would join).
double lines_at(const cv::Mat &bw, double deg, float to_image, int id, bool fine, std::vector<Line> &out)
{
	static const cv::Mat kh = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 1));
	static const cv::Mat kopen = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 1));
	cv::Point2f centre((float)bw.cols / 2.f, (float)bw.rows / 2.f);
	cv::Mat R = cv::getRotationMatrix2D(centre, deg, 1.0);
	double diag = std::hypot((double)bw.cols, (double)bw.rows);
	R.at<double>(0, 2) += diag / 2 - centre.x;
	R.at<double>(1, 2) += diag / 2 - centre.y;
	cv::Mat rot, inv;
	cv::warpAffine(bw, rot, R, cv::Size((int)diag, (int)diag), cv::INTER_NEAREST);
	cv::invertAffineTransform(R, inv);
	cv::morphologyEx(rot, rot, cv::MORPH_CLOSE, kh);
	// Guilloche specks stuck to a line make it look thicker than its
	// characters: a short horizontal opening trims them.
	cv::morphologyEx(rot, rot, cv::MORPH_OPEN, kopen);
	std::vector<std::vector<cv::Point>> lc;
	cv::findContours(rot, lc, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
	// A line broken where its characters stand apart (fillers, wide
	// pitch): pieces in the same row, less than 0.6 heights apart,
	// join into one line.
	std::vector<cv::Rect> bbs(lc.size());
	std::vector<int> order, root(lc.size());
	for (size_t i = 0; i < lc.size(); i++) {
		bbs[i] = cv::boundingRect(lc[i]);
		root[i] = (int)i;
		if (bbs[i].height >= 3 && (fine || bbs[i].height <= 40) && lc[i].size() >= 4)
			order.push_back((int)i);
	}
	std::sort(order.begin(), order.end(), [&](int a, int b) { return bbs[(size_t)a].x < bbs[(size_t)b].x; });
	auto top = [&](int x) {
		while (root[(size_t)x] != x)
			x = root[(size_t)x] = root[(size_t)root[(size_t)x]];
		return x;
	};
	for (size_t a = 0; a < order.size(); a++) {
		const cv::Rect &A = bbs[(size_t)order[a]];
		for (size_t b = a + 1; b < order.size(); b++) {
			const cv::Rect &B = bbs[(size_t)order[b]];
			int hmax = std::max(A.height, B.height), hmin = std::min(A.height, B.height);
			if (B.x - (A.x + A.width) > 3 * hmax)
				break;
			if (hmax > 40 || 5 * (B.x - (A.x + A.width)) > 3 * hmax || 3 * hmin < 2 * hmax ||
			    A.width * 10 < 7 * A.height || B.width * 10 < 7 * B.height)
				continue;
			float ca = (float)A.y + 0.5f * (float)A.height, cb = (float)B.y + 0.5f * (float)B.height;
			// Allow the rows of a line tilted up to 5 degrees to drift
			// apart (the first turn may leave a few degrees).
			float dx = (float)(B.x + B.width / 2 - A.x - A.width / 2);
			float drift = 0.3f * (float)hmax + 0.09f * dx;
			if (std::fabs(ca - cb) > (fine ? std::min(drift, 0.7f * (float)hmax) : drift))
				continue;
			root[(size_t)top(order[a])] = top(order[b]);
		}
	}
	std::vector<std::vector<cv::Point>> merged;
	std::vector<double> areas;
	double slant_sum = 0, slant_w = 0;
	std::vector<int> slot(lc.size(), -1);
	for (int i : order) {
		int ti = top(i);
		if (slot[(size_t)ti] < 0) {
			slot[(size_t)ti] = (int)merged.size();
			merged.emplace_back();
			areas.push_back(0);
		}
		auto &m = merged[(size_t)slot[(size_t)ti]];
		m.insert(m.end(), lc[(size_t)i].begin(), lc[(size_t)i].end());
		areas[(size_t)slot[(size_t)ti]] += cv::contourArea(lc[(size_t)i]);
	}
	for (size_t mi = 0; mi < merged.size(); mi++) {
		const auto &ct = merged[mi];
		cv::Rect bb = cv::boundingRect(ct);
		if (std::max(bb.width, bb.height) < 50)
			continue;
		cv::RotatedRect r = cv::minAreaRect(ct);
		Line l;
		cv::Point2f u = unit_along(r, &l.len, &l.thick);
		if (l.len >= 8.f * l.thick && l.thick >= 3.f && std::fabs(u.y) < 0.14f) {
			double w = (double)l.len * l.len * l.len;
			slant_sum += std::asin(u.y) * 180.0 / CV_PI * w;
			slant_w += w;
		}
		if (l.thick < 3.f || l.thick > 16.f || l.len < 14.f * l.thick)
			continue;
		if (areas[mi] < 0.45 * (double)l.len * l.thick)
			continue;
		cv::Point2f pts[4];
		r.points(pts);
		auto back = [&](cv::Point2f p) {
			return cv::Point2f((float)(inv.at<double>(0, 0) * p.x + inv.at<double>(0, 1) * p.y +
			                           inv.at<double>(0, 2)),
			                   (float)(inv.at<double>(1, 0) * p.x + inv.at<double>(1, 1) * p.y +
			                           inv.at<double>(1, 2))) * to_image;
		};
		for (int i = 0; i < 4; i++)
			l.corner[i] = back(pts[i]);
		l.c = back(r.center);
		// Direction in the picture from the corners.
		cv::Point2f e1 = l.corner[1] - l.corner[0], e2 = l.corner[2] - l.corner[1];
		cv::Point2f e = std::hypot(e1.x, e1.y) > std::hypot(e2.x, e2.y) ? e1 : e2;
		float en = std::hypot(e.x, e.y);
		l.u = e / en;
		if (l.u.x < -1e-3f || (std::fabs(l.u.x) <= 1e-3f && l.u.y < 0))
			l.u = -l.u;
		l.len *= to_image;
		l.thick *= to_image;
		l.level = id;
		out.push_back(l);
	}
	return slant_w > 0 ? slant_sum / slant_w : 0.0;
}

// Text-line blobs at one pyramid level.  Dark strokes (black-hat, a
// threshold well above the background print), then the dominant stroke
// directions from short fragments; each direction is turned level by
// lines_at, once more when its long blobs still lean.
void find_lines(const cv::Mat &grey, float to_image, int level, bool fine, std::vector<Line> &out)
{
	cv::Mat bh, bw, frag;
	static const cv::Mat k11 = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(11, 11));
	static const cv::Mat k3 = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3));
	cv::morphologyEx(grey, bh, cv::MORPH_BLACKHAT, k11);
	// Threshold: Otsu, but at least 45% of the strongest strokes (so the
	// guilloche behind the text stays out) and at least 18 grey levels.
	int hist[256] = {0};
	for (int y = 0; y < bh.rows; y++) {
		const uint8_t *r = bh.ptr<uint8_t>(y);
		for (int x = 0; x < bh.cols; x++)
			hist[r[x]]++;
	}
	long total = (long)bh.rows * bh.cols, acc = 0;
	int p995 = 255;
	for (int v = 255; v >= 0; v--) {
		acc += hist[v];
		if (acc * 200 >= total) {
			p995 = v;
			break;
		}
	}
	double t = cv::threshold(bh, bw, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
	double t2 = std::max({t, 0.45 * p995, 18.0});
	cv::threshold(bh, bw, t2, 255, cv::THRESH_BINARY);
	cv::morphologyEx(bw, frag, cv::MORPH_CLOSE, k3);
	std::vector<std::vector<cv::Point>> contours;
	cv::findContours(frag, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
	// Fragments' directions, weighted by length.  First search: 10 degree
	// bins of their rectangles' angles, each peak's centre.  Fine search:
	// one degree bins of their axes of least inertia (the rectangle's angle
	// leans towards the pixel grid on small blobs) smoothed over +-4
	// degrees, each peak interpolated.
	const int nb = fine ? 180 : 18;
	const float bw_deg = fine ? 1.f : 10.f;
	float bins[180] = {0};
	for (const auto &ct : contours) {
		if (ct.size() < 5)
			continue;
		cv::RotatedRect r = cv::minAreaRect(ct);
		float len, thick;
		cv::Point2f u = unit_along(r, &len, &thick);
		if (len < 12.f || len < 2.5f * thick)
			continue;
		float deg = std::atan2(u.y, u.x) * 180.f / (float)CV_PI;  // -90..90
		if (fine) {
			cv::Moments m = cv::moments(ct);
			deg = 0.5f * (float)std::atan2(2 * m.mu11, m.mu20 - m.mu02) * 180.f / (float)CV_PI;
		}
		if (deg < 0)
			deg += 180.f;
		bins[(int)(deg / bw_deg + 0.5f) % nb] += len;
	}
	float smooth[180];
	float best = 0;
	const int half = fine ? 4 : 1;
	for (int b = 0; b < nb; b++) {
		smooth[b] = 0;
		for (int d = -half; d <= half; d++)
			smooth[b] += bins[(b + d + nb) % nb] * (fine ? (float)(5 - std::abs(d)) : (d ? 0.5f : 1.f));
		best = std::max(best, smooth[b]);
	}
	if (best <= 0)
		return;
	std::vector<int> peaks;
	const int wide = fine ? 6 : 1;
	for (int b = 0; b < nb; b++) {
		if (smooth[b] < 0.2f * best)
			continue;
		bool top = true;
		for (int d = -wide; d <= wide && top; d++) {
			float o = smooth[(b + d + nb) % nb];
			if (o > smooth[b] || (o == smooth[b] && d < 0))
				top = false;
		}
		if (top)
			peaks.push_back(b);
	}
	std::sort(peaks.begin(), peaks.end(), [&](int a, int b) { return smooth[a] > smooth[b]; });
	if (peaks.size() > 3)
		peaks.resize(3);
	std::vector<double> angles;
	for (int b : peaks) {
		double l = smooth[(b + nb - 1) % nb], c = smooth[b], r = smooth[(b + 1) % nb];
		double den = l - 2 * c + r;
		angles.push_back(fine && den < 0 ? b + 0.5 * (l - r) / den : b * (double)bw_deg);
	}
	// Fine search: fragments are short, their angle is good to a degree or
	// two.  The long blobs of the first turn say how much slant is left;
	// more than a degree turns once more by that much (a slanted line
	// breaks up and its rows drift apart, a level one forms one blob).
	for (size_t pi = 0; pi < peaks.size(); pi++) {
		int id = level * 8 + (int)pi * 2;
		double slant = lines_at(bw, angles[pi], to_image, id, fine, out);
		if (fine && std::fabs(slant) >= 1.0)
			lines_at(bw, angles[pi] + slant, to_image, id + 1, fine, out);
	}
}

int count_chars(const cv::Mat &img, const mr_zone &z);

// Groups 2 or 3 parallel, equally long, evenly spaced line blobs into zones
// (img: the whole picture).
void group_lines(const std::vector<Line> &ls, const cv::Mat &img, std::vector<mr_zone> &zones)
{
	const size_t n = ls.size();
	std::vector<int> parent(n);
	for (size_t i = 0; i < n; i++)
		parent[i] = (int)i;
	auto find = [&](int x) {
		while (parent[(size_t)x] != x)
			x = parent[(size_t)x] = parent[(size_t)parent[(size_t)x]];
		return x;
	};
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			const Line &a = ls[i], &b = ls[j];
			if (a.level != b.level)
				continue;
			float cross = std::fabs(a.u.x * b.u.y - a.u.y * b.u.x);
			if (cross > 0.07f)
				continue;
			float lr = a.len / b.len;
			if (lr < 0.92f || lr > 1.087f)
				continue;
			float tr = a.thick / b.thick;
			if (tr < 0.7f || tr > 1.43f)
				continue;
			cv::Point2f d = b.c - a.c;
			cv::Point2f nrm(-a.u.y, a.u.x);
			float th = 0.5f * (a.thick + b.thick);
			float perp = std::fabs(dotp(d, nrm));
			float along = std::fabs(dotp(d, a.u));
			if (perp < 1.15f * th || perp > 2.6f * th)
				continue;
			if (along > 0.08f * std::max(a.len, b.len))
				continue;
			parent[(size_t)find((int)i)] = find((int)j);
		}
	}
	std::vector<std::vector<int>> groups(n);
	for (size_t i = 0; i < n; i++)
		groups[(size_t)find((int)i)].push_back((int)i);
	for (auto &g : groups) {
		if (g.size() < 2 || g.size() > 3)
			continue;
		// One direction for the whole zone: near vertical lines, each
		// line's own may point the other way.
		cv::Point2f u = ls[(size_t)g[0]].u;
		cv::Point2f nrm(-u.y, u.x);
		std::sort(g.begin(), g.end(), [&](int a, int b) {
			return dotp(ls[(size_t)a].c, nrm) < dotp(ls[(size_t)b].c, nrm);
		});
		if (g.size() == 3) {
			// Three lines must be evenly spaced; else keep the best pair.
			float d1 = dotp(ls[(size_t)g[1]].c - ls[(size_t)g[0]].c, nrm);
			float d2 = dotp(ls[(size_t)g[2]].c - ls[(size_t)g[1]].c, nrm);
			if (d1 > 1.2f * d2 || d2 > 1.2f * d1) {
				auto diff = [&](int a, int b) {
					return std::fabs(ls[(size_t)a].len - ls[(size_t)b].len) +
					       std::fabs(ls[(size_t)a].thick - ls[(size_t)b].thick) * 4.f;
				};
				if (diff(g[0], g[1]) <= diff(g[1], g[2]))
					g.pop_back();
				else
					g.erase(g.begin());
			}
		}
		auto make_zone = [&](const std::vector<int> &gg) {
			const Line &top = ls[(size_t)gg.front()], &bot = ls[(size_t)gg.back()];
			// Corners of the top blob above its centre line, of the bottom blob
			// below: the zone as a quadrilateral (keeps perspective).
			auto pick = [&](const Line &l, bool upper, bool left) {
				cv::Point2f best;
				float bs = -1e30f;
				for (const auto &p : l.corner) {
					cv::Point2f d = p - l.c;
					float s = (upper ? -dotp(d, nrm) : dotp(d, nrm)) * 4.f +
					          (left ? -dotp(d, u) : dotp(d, u));
					if (s > bs) {
						bs = s;
						best = p;
					}
				}
				return best;
			};
			mr_zone z;
			std::memset(&z, 0, sizeof z);
			cv::Point2f q[4] = {pick(top, true, true), pick(top, true, false),
			                    pick(bot, false, false), pick(bot, false, true)};
			for (int k = 0; k < 4; k++) {
				z.quad.pt[k].x = q[k].x;
				z.quad.pt[k].y = q[k].y;
			}
			z.lines = (int)gg.size();
			float spacing = std::fabs(dotp(bot.c - top.c, nrm)) / (float)(gg.size() - 1);
			float len = 0;
			for (int i : gg)
				len += ls[(size_t)i].len;
			len /= (float)gg.size();
			float ratio = len / spacing;  // 44 chars: 26.4 line pitches, 36: 21.6
			if (gg.size() == 3)
				z.chars = 30;
			else
				z.chars = ratio > 24.f ? 44 : 36;
			z.pitch = spacing * 2.54f / 4.23f;
			z.score = (float)gg.size() + len / 1000.f;
			return z;
		};
		if (g.size() == 2) {
			// A TD1 line may be longer or thicker than the other two
			// (specks stuck to it, a neighbour's ink at its end) and miss
			// the strict pairing: a line one spacing beyond the pair,
			// parallel and about as long, makes the third when the
			// three lines' ink repeats about 30 times per line.
			const Line &a = ls[(size_t)g[0]], &b = ls[(size_t)g[1]];
			float sp = dotp(b.c - a.c, nrm);
			float len2 = 0.5f * (a.len + b.len), th2 = 0.5f * (a.thick + b.thick);
			int third = -1;
			bool below = false;
			float bestd = 0.2f * sp;
			for (size_t k = 0; k < n; k++) {
				const Line &c = ls[k];
				if (c.level != a.level || (int)k == g[0] || (int)k == g[1])
					continue;
				if (std::fabs(u.x * c.u.y - u.y * c.u.x) > 0.07f)
					continue;
				if (c.len < 0.8f * len2 || c.len > 1.25f * len2 || c.thick < 0.5f * th2 || c.thick > 2.f * th2)
					continue;
				float pa = dotp(c.c - a.c, nrm), pb = dotp(c.c - b.c, nrm);
				bool bl = pb > 0;
				if (!bl && pa >= 0)
					continue;
				float d = std::fabs((bl ? pb : -pa) - sp);
				if (d > bestd || std::fabs(dotp(c.c - (bl ? b.c : a.c), u)) > 0.1f * len2)
					continue;
				bestd = d;
				third = (int)k;
				below = bl;
			}
			if (third >= 0) {
				std::vector<int> g3 = below ? std::vector<int>{g[0], g[1], third}
				                            : std::vector<int>{third, g[0], g[1]};
				// Its ends may be off: the pair's outline moved by one
				// spacing stands for its side.
				mr_zone z2 = make_zone(g), z3 = make_zone(g3);
				for (int k = below ? 2 : 0; k < (below ? 4 : 2); k++) {
					z3.quad.pt[k].x = z2.quad.pt[k].x + (below ? sp : -sp) * nrm.x;
					z3.quad.pt[k].y = z2.quad.pt[k].y + (below ? sp : -sp) * nrm.y;
				}
				int chars = count_chars(img, z3);
				if (chars > 0 && chars <= 33) {
					zones.push_back(z3);
					continue;
				}
			}
		}
		zones.push_back(make_zone(g));
	}
}

cv::Mat grey_view(const mr_gray *g)
{
	return cv::Mat(g->h, g->w, CV_8UC1, g->px, (size_t)g->stride);
}

// Characters per line of a two-line zone, counted in the picture: the
// zone's ink, turned upright and summed per column, repeats once per
// character.  Its strongest period among 30..52 per line says 36 (TD2) or
// 44 (TD3); the ratio of line length to line spacing cannot, because a
// document seen at a slant is shortened across its lines but not along
// them.  Returns 0 when the ink shows no period.
int count_chars(const cv::Mat &img, const mr_zone &z)
{
	const int W = 792, H = 40;  // 18 columns per character at 44, 22 at 36
	cv::Point2f src[4], dst[4] = {{0, 0}, {(float)W, 0}, {(float)W, (float)H}, {0, (float)H}};
	for (int k = 0; k < 4; k++)
		src[k] = cv::Point2f(z.quad.pt[k].x, z.quad.pt[k].y);
	cv::Mat M = cv::getPerspectiveTransform(src, dst), strip, bh;
	cv::warpPerspective(img, strip, M, cv::Size(W, H), cv::INTER_AREA, cv::BORDER_REPLICATE);
	static const cv::Mat k = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(15, 15));
	cv::morphologyEx(strip, bh, cv::MORPH_BLACKHAT, k);
	std::vector<double> col((size_t)W, 0.0);
	double mean = 0;
	for (int y = 0; y < H; y++) {
		const uint8_t *r = bh.ptr<uint8_t>(y);
		for (int x = 0; x < W; x++)
			col[(size_t)x] += r[x];
	}
	for (double v : col)
		mean += v / W;
	int best_n = 0;
	double best = 0, total = 0;
	for (int n = 26; n <= 52; n++) {
		double re = 0, im = 0;
		for (int x = 0; x < W; x++) {
			double a = 2 * CV_PI * n * (x + 0.5) / W;
			re += (col[(size_t)x] - mean) * std::cos(a);
			im += (col[(size_t)x] - mean) * std::sin(a);
		}
		double p = re * re + im * im;
		total += p;
		if (p > best) {
			best = p;
			best_n = n;
		}
	}
	return best > 2 * total / 27 ? best_n : 0;
}

bool to_gray(const cv::Mat &m, mr_gray *out)
{
	out->w = m.cols;
	out->h = m.rows;
	out->stride = m.cols;
	out->px = (uint8_t *)std::malloc((size_t)m.cols * (size_t)m.rows);
	if (!out->px)
		return false;
	for (int y = 0; y < m.rows; y++)
		std::memcpy(out->px + (size_t)y * (size_t)m.cols, m.ptr(y), (size_t)m.cols);
	return true;
}

} // namespace

extern "C" {

void mr_gray_free(struct mr_gray *g)
{
	if (!g)
		return;
	if (g->px)
		std::memset(g->px, 0, (size_t)g->stride * (size_t)g->h);
	std::free(g->px);
	g->px = nullptr;
	g->w = g->h = g->stride = 0;
}

enum mrz_read_err mr_decode(const void *data, size_t len, struct mr_gray *out)
{
	std::memset(out, 0, sizeof *out);
	int w = 0, h = 0;
	enum mrz_read_err err = mrz_image_probe(data, len, &w, &h);
	if (err)
		return err;
	try {
		cv::Mat buf(1, (int)len, CV_8UC1, const_cast<void *>(data));
		cv::Mat m = cv::imdecode(buf, cv::IMREAD_GRAYSCALE);
		if (m.empty())
			return MRZ_READ_ERR_CORRUPT;
		if (m.cols != w || m.rows != h)
			return MRZ_READ_ERR_CORRUPT;
		if (m.cols < MRZ_READ_MIN_SIDE || m.rows < MRZ_READ_MIN_SIDE)
			return MRZ_READ_ERR_TOO_SMALL;
		return to_gray(m, out) ? MRZ_READ_OK : MRZ_READ_ERR_NOMEM;
	} catch (...) {
		mr_gray_free(out);
		return MRZ_READ_ERR_CORRUPT;
	}
}

enum mrz_read_err mr_from_image(const struct mrz_image *img, struct mr_gray *out)
{
	std::memset(out, 0, sizeof *out);
	if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
		return MRZ_READ_ERR_ARG;
	if (img->width > MRZ_READ_MAX_SIDE || img->height > MRZ_READ_MAX_SIDE ||
	    (size_t)img->width * (size_t)img->height > MRZ_READ_MAX_PIXELS)
		return MRZ_READ_ERR_TOO_BIG;
	if (img->width < MRZ_READ_MIN_SIDE || img->height < MRZ_READ_MIN_SIDE)
		return MRZ_READ_ERR_TOO_SMALL;
	int type, code;
	int bpp;
	switch (img->format) {
	case MRZ_PIXEL_GRAY8: type = CV_8UC1; code = -1; bpp = 1; break;
	case MRZ_PIXEL_RGB24: type = CV_8UC3; code = cv::COLOR_RGB2GRAY; bpp = 3; break;
	case MRZ_PIXEL_BGR24: type = CV_8UC3; code = cv::COLOR_BGR2GRAY; bpp = 3; break;
	case MRZ_PIXEL_RGBA32: type = CV_8UC4; code = cv::COLOR_RGBA2GRAY; bpp = 4; break;
	case MRZ_PIXEL_BGRA32: type = CV_8UC4; code = cv::COLOR_BGRA2GRAY; bpp = 4; break;
	default: return MRZ_READ_ERR_ARG;
	}
	if (img->stride < img->width * bpp)
		return MRZ_READ_ERR_ARG;
	try {
		cv::Mat src(img->height, img->width, type, const_cast<uint8_t *>(img->pixels),
		            (size_t)img->stride);
		cv::Mat g;
		if (code < 0)
			g = src;
		else
			cv::cvtColor(src, g, code);
		return to_gray(g, out) ? MRZ_READ_OK : MRZ_READ_ERR_NOMEM;
	} catch (...) {
		mr_gray_free(out);
		return MRZ_READ_ERR_NOMEM;
	}
}

void mr_locate(const struct mr_gray *g, struct mr_zone *zones, int max, int *count)
{
	*count = 0;
	try {
		cv::Mat img = grey_view(g);
		int side = std::max(img.cols, img.rows);
		float start = std::min(1.f, 1024.f / (float)side);
		std::vector<float> scales;
		for (float s = start; (float)side * s >= 250.f && scales.size() < 6; s /= 2.f)
			scales.push_back(s);
		auto centre = [](const mr_zone &z) {
			cv::Point2f c(0, 0);
			for (const auto &p : z.quad.pt)
				c += cv::Point2f(p.x / 4, p.y / 4);
			return c;
		};
		auto search = [&](bool fine, std::vector<mr_zone> &kept) {
			// Coarse to fine: stop at the first level that shows a zone
			// whose characters are large enough there for a precise outline.
			std::vector<mr_zone> found;
			cv::Mat level;
			for (size_t k = scales.size(); k-- > 0;) {
				float s = scales[k];
				cv::resize(img, level, cv::Size(), s, s, s < 1.f ? cv::INTER_AREA : cv::INTER_LINEAR);
				std::vector<Line> here;
				find_lines(level, 1.f / s, (int)k, fine, here);
				if (std::getenv("ID06_MRZ_DEBUG"))
					for (const auto &l : here)
						std::fprintf(stderr, "line level %d c %.0f,%.0f u %.2f,%.2f len %.0f thick %.1f\n",
						             l.level, (double)l.c.x, (double)l.c.y, (double)l.u.x,
						             (double)l.u.y, (double)l.len, (double)l.thick);
				size_t before = found.size();
				group_lines(here, img, found);
				bool precise = false;
				for (size_t i = before; i < found.size(); i++)
					if (found[i].pitch * s >= 5.f)
						precise = true;
				if (precise)
					break;
			}
			// The same zone seen at several levels: keep the finest level's
			// outline (coarse levels blur the ends into neighbouring ink),
			// unless a coarser one saw more lines.
			std::vector<mr_zone> mine;
			for (size_t i = found.size(); i-- > 0;) {
				const mr_zone &z = found[i];
				bool dup = false;
				for (auto &k : mine) {
					cv::Point2f d = centre(k) - centre(z);
					if (std::hypot(d.x, d.y) < 3.f * k.pitch) {
						dup = true;
						if (z.lines > k.lines)
							k = z;
					}
				}
				if (!dup)
					mine.push_back(z);
			}
			for (auto &z : mine) {
				if (z.lines != 2)
					continue;
				int n = count_chars(img, z);
				if (n > 0)
					z.chars = n >= 40 ? 44 : 36;
			}
			std::stable_sort(mine.begin(), mine.end(),
			                 [](const mr_zone &a, const mr_zone &b) { return a.score > b.score; });
			// Zones the first search found come first and keep their
			// outline; the fine search adds the zones it alone saw.
			for (const auto &z : mine) {
				bool dup = false;
				for (const auto &k : kept) {
					cv::Point2f d = centre(k) - centre(z);
					dup = dup || std::hypot(d.x, d.y) < 3.f * k.pitch;
				}
				if (!dup)
					kept.push_back(z);
			}
		};
		// First the 10 degree directions; then a fine search (one degree,
		// turned again by the slant left) for zones the first one missed:
		// it finds zones tilted between two directions and outlines them
		// level, but moving a found zone's outline by a pixel changes which
		// pictures the reader misreads, so found zones keep theirs.
		std::vector<mr_zone> kept;
		search(false, kept);
		search(true, kept);
		for (size_t i = 0; i < kept.size() && (int)i < max; i++) {
			zones[(*count)++] = kept[i];
			if (std::getenv("ID06_MRZ_DEBUG")) {
				const mr_zone &z = kept[i];
				std::fprintf(stderr, "zone %d x %d:", z.lines, z.chars);
				for (const auto &p : z.quad.pt)
					std::fprintf(stderr, " %.0f,%.0f", (double)p.x, (double)p.y);
				std::fprintf(stderr, "\n");
			}
		}
		// Sharpness for the tracker: Laplacian variance inside the best zone.
		for (int i = 0; i < *count; i++) {
			std::vector<cv::Point> poly;
			for (const auto &p : zones[i].quad.pt)
				poly.emplace_back((int)p.x, (int)p.y);
			cv::Rect r = cv::boundingRect(poly) & cv::Rect(0, 0, img.cols, img.rows);
			if (r.area() <= 0)
				continue;
			cv::Mat lap;
			cv::Laplacian(img(r), lap, CV_16S);
			cv::Scalar mean, sd;
			cv::meanStdDev(lap, mean, sd);
			zones[i].sharpness = (float)(sd[0] * sd[0]);
		}
	} catch (...) {
		*count = 0;
	}
}

void mr_cut_lines(const struct mr_gray *g, const struct mr_zone *z, bool flip,
                  struct mr_line *lines)
{
	const float P = MR_PITCH;
	const float LP = P * 4.23f / 2.54f;
	const float cap = 0.95f * P;
	const float margin = 1.2f * P;
	int n = z->chars;
	for (int i = 0; i < z->lines; i++)
		std::memset(&lines[i], 0, sizeof lines[i]);
	try {
		cv::Point2f src[4];
		for (int k = 0; k < 4; k++) {
			const mrz_point &p = z->quad.pt[flip ? (k + 2) % 4 : k];
			src[k] = cv::Point2f(p.x, p.y);
		}
		// Ink of the first character starts ~0.2 pitch into its cell.
		float x0 = margin + 0.2f * P, x1 = margin + ((float)n - 0.2f) * P;
		float y0 = margin, y1 = margin + (float)(z->lines - 1) * LP + cap;
		cv::Point2f dst[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
		cv::Mat H = cv::getPerspectiveTransform(src, dst);
		cv::Size size((int)(2 * margin + (float)n * P), (int)(2 * margin + y1));
		cv::Mat rect;
		cv::warpPerspective(grey_view(g), rect, H, size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
		// Perspective the outline did not catch leaves characters slanted:
		// the shear that makes the columns of ink sharpest takes it out.
		{
			static const cv::Mat k = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9));
			cv::Mat bh, ink;
			cv::morphologyEx(rect, bh, cv::MORPH_BLACKHAT, k);
			cv::threshold(bh, ink, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
			std::vector<cv::Point> pts;
			cv::findNonZero(ink, pts);
			float yc = (y0 + y1) / 2;
			double best = -1;
			float best_k = 0;
			std::vector<int> hist((size_t)size.width + 64);
			for (int step = -8; step <= 8; step++) {
				float sh = (float)step * 0.05f;
				std::fill(hist.begin(), hist.end(), 0);
				for (const auto &p : pts) {
					int x = (int)std::lround((float)p.x - sh * ((float)p.y - yc)) + 32;
					if (x >= 0 && x < (int)hist.size())
						hist[(size_t)x]++;
				}
				double e = 0;
				for (int v : hist)
					e += (double)v * v;
				if (e > best * 1.0001) {
					best = e;
					best_k = sh;
				}
			}
			// The ink's horizontal extent sets the character grid: first
			// character's ink ~0.12 pitch into its cell, last one's ends
			// ~0.12 before its cell ends.
			std::fill(hist.begin(), hist.end(), 0);
			for (const auto &p : pts) {
				if ((float)p.y < y0 - 0.2f * LP || (float)p.y > y1 + 0.2f * LP)
					continue;
				int x = (int)std::lround((float)p.x - best_k * ((float)p.y - yc)) + 32;
				if (x >= 0 && x < (int)hist.size())
					hist[(size_t)x]++;
			}
			// Ink density over half a character, against the middle's.
			std::vector<int> dens(hist.size(), 0);
			int half = (int)(P / 4);
			for (int x = half; x + half < (int)hist.size(); x++)
				for (int d = -half; d <= half; d++)
					dens[(size_t)x] += hist[(size_t)(x + d)];
			double mid = 0;
			int from = (int)(margin + 0.25f * (float)n * P) + 32, to = (int)(margin + 0.75f * (float)n * P) + 32;
			for (int x = from; x < to && x < (int)dens.size(); x++)
				mid += dens[(size_t)x];
			mid /= std::max(1, to - from);
			int lo = -1, hi = -1;
			double need = std::max(2.0, 0.2 * mid);
			for (int x = 0; x < (int)dens.size(); x++)
				if (dens[(size_t)x] >= need) {
					if (lo < 0)
						lo = x;
					hi = x;
				}
			if (lo >= 0) {
				lo -= half;
				hi += half;
			}
			double a = 1, b = 0;
			if (lo >= 0 && hi > lo) {
				double flo = lo - 32, fhi = hi + 1 - 32;
				double tlo = margin + 0.12 * P, thi = margin + (n - 0.12) * P;
				double aa = (thi - tlo) / (fhi - flo);
				double bb = tlo - aa * flo;
				if (aa > 0.9 && aa < 1.1 && std::fabs(bb + (aa - 1) * margin) < 1.5 * P) {
					a = aa;
					b = bb;
				}
			}
			cv::Mat S = (cv::Mat_<double>(3, 3) << a, -a * best_k, a * best_k * yc + b, 0, 1, 0, 0, 0, 1);
			H = S * H;
			cv::warpPerspective(grey_view(g), rect, H, size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
		}
		// Lines where their ink is: the strongest rows of ink, one per
		// line, at least half a line pitch apart, set the vertical scale.
		{
			static const cv::Mat k9 = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9));
			cv::Mat bh2, ink2, rows;
			cv::morphologyEx(rect, bh2, cv::MORPH_BLACKHAT, k9);
			cv::threshold(bh2, ink2, 0, 1, cv::THRESH_BINARY | cv::THRESH_OTSU);
			cv::reduce(ink2, rows, 1, cv::REDUCE_SUM, CV_32S);
			int R = rows.rows, half = (int)(cap / 2);
			std::vector<long> win((size_t)R, 0);
			for (int y = 0; y < R; y++)
				for (int d = -half; d <= half; d++)
					if (y + d >= 0 && y + d < R)
						win[(size_t)y] += rows.at<int>(y + d, 0);
			std::vector<int> centres;
			std::vector<bool> used((size_t)R, false);
			for (int k = 0; k < z->lines; k++) {
				int best_y = -1;
				for (int y = 0; y < R; y++)
					if (!used[(size_t)y] && (best_y < 0 || win[(size_t)y] > win[(size_t)best_y]))
						best_y = y;
				if (best_y < 0 || win[(size_t)best_y] <= 0)
					break;
				centres.push_back(best_y);
				for (int y = std::max(0, best_y - (int)(0.6f * LP));
				     y <= std::min(R - 1, best_y + (int)(0.6f * LP)); y++)
					used[(size_t)y] = true;
			}
			std::sort(centres.begin(), centres.end());
			if ((int)centres.size() == z->lines && z->lines >= 2) {
				double n2 = (double)z->lines, sx = 0, sy = 0, sxx = 0, sxy = 0;
				for (int i = 0; i < z->lines; i++) {
					double x = centres[(size_t)i], y = (double)margin + i * (double)LP + (double)cap / 2;
					sx += x;
					sy += y;
					sxx += x * x;
					sxy += x * y;
				}
				double den = n2 * sxx - sx * sx;
				if (den > 1e-6) {
					double ay = (n2 * sxy - sx * sy) / den, by = (sy - ay * sx) / n2;
					if (ay > 0.6 && ay < 1.6) {
						cv::Mat V = (cv::Mat_<double>(3, 3) << 1, 0, 0, 0, ay, by, 0, 0, 1);
						H = V * H;
						cv::warpPerspective(grey_view(g), rect, H, size, cv::INTER_LINEAR,
						                    cv::BORDER_REPLICATE);
					}
				}
			}
		}
		for (int i = 0; i < z->lines; i++) {
			float cy = margin + (float)i * LP + cap / 2;
			int top = (int)std::lround(cy - MR_LINE_H / 2.0);
			top = std::max(0, std::min(top, rect.rows - MR_LINE_H));
			// Half a character of margin each side, as the model was trained.
			int x0c = (int)(margin - 0.5f * P), wc = (int)(((float)n + 1.f) * P);
			cv::Mat cut = rect(cv::Rect(x0c, top, std::min(wc, rect.cols - x0c), MR_LINE_H));
			if (!to_gray(cut, &lines[i].img))
				return;
			lines[i].left = margin - (float)x0c;
		}
	} catch (...) {
	}
}

bool mr_line_scaled(const struct mr_gray *line, float s, struct mr_gray *out)
{
	std::memset(out, 0, sizeof *out);
	if (!line || !line->px || s <= 0.f)
		return false;
	try {
		cv::Mat m;
		cv::resize(grey_view(line), m, cv::Size(), s, s, s < 1.f ? cv::INTER_AREA : cv::INTER_LINEAR);
		return to_gray(m, out);
	} catch (...) {
		return false;
	}
}

void mr_lines_free(struct mr_line *lines, int n)
{
	for (int i = 0; i < n; i++)
		mr_gray_free(&lines[i].img);
}

double mr_now_ms(void)
{
	using namespace std::chrono;
	return (double)duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count() / 1000.0;
}

struct mrz_video {
	cv::VideoCapture cap;
	cv::Mat frame;
	double t0;
	bool file;
};

enum mrz_read_err mrz_video_open(const char *camera, const char *file, struct mrz_video **out)
{
	if (!out || (!camera == !file))
		return MRZ_READ_ERR_ARG;
	*out = nullptr;
	try {
		auto *v = new mrz_video;
		// Named backends: the generic probe also starts camera libraries
		// (FireWire, USB) that a file does not need.
		bool ok = camera ? v->cap.open(camera, cv::CAP_V4L2)
		                 : (v->cap.open(file, cv::CAP_FFMPEG) ||
		                    v->cap.open(file, cv::CAP_OPENCV_MJPEG));
		if (!ok || !v->cap.isOpened()) {
			delete v;
			return MRZ_READ_ERR_VIDEO;
		}
		v->t0 = mr_now_ms();
		v->file = file != nullptr;
		*out = v;
		return MRZ_READ_OK;
	} catch (...) {
		return MRZ_READ_ERR_VIDEO;
	}
}

enum mrz_read_err mrz_video_next(struct mrz_video *v, struct mrz_image *frame, double *time_ms)
{
	if (!v || !frame)
		return MRZ_READ_ERR_ARG;
	try {
		if (!v->cap.read(v->frame) || v->frame.empty())
			return MRZ_READ_ERR_END;
		if (v->frame.type() != CV_8UC3 || !v->frame.isContinuous())
			return MRZ_READ_ERR_VIDEO;
		frame->pixels = v->frame.data;
		frame->width = v->frame.cols;
		frame->height = v->frame.rows;
		frame->stride = (int)v->frame.step[0];
		frame->format = MRZ_PIXEL_BGR24;
		if (time_ms) {
			// A file's own clock, so which frames get read does not depend
			// on how fast this machine is (its first frame is at 0); a
			// camera that reports no position gets the wall clock.
			double pos = v->cap.get(cv::CAP_PROP_POS_MSEC);
			if (v->file)
				*time_ms = pos > 0 ? pos : 0;
			else
				*time_ms = pos > 0 ? pos : mr_now_ms() - v->t0;
		}
		return MRZ_READ_OK;
	} catch (...) {
		return MRZ_READ_ERR_VIDEO;
	}
}

void mrz_video_close(struct mrz_video *v)
{
	delete v;
}

} // extern "C"
