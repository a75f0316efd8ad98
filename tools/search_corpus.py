#!/usr/bin/env python3
"""Writes a generated county site of N entries for measuring search at scale.

    python3 tools/search_corpus.py OUT N [--seed S]

Deterministic by seed. Unlike a corpus built from a few canned sentences, the text here
has a realistic Chinese vocabulary: words are drawn by frequency from jieba's
dictionary (Debian's `python3-jieba`, 350,000 words with corpus frequencies), mixed
with the words of government notices. The number of distinct words and character
pairs is what a search index's size and build time depend on, so a tiny vocabulary
would flatter it.

11 agencies, 20 categories, seven years of dates, 文号 on a third of the entries,
keywords on some, 1–4 KB bodies (400–1,300 characters) with headings, lists and the
odd table. Some entries are drafts or 依申请公开 and carry a planted word that must
never be found. `OUT/queries.tsv` lists, for a few query words, how many published
entries contain them (title, summary or body) so a search can be checked for recall.
"""

import bisect
import os
import random
import shutil
import sys

JIEBA_DICT = "/usr/lib/python3/dist-packages/jieba/dict.txt"

AGENCIES = [
    # folder, name, short, doc prefix, code
    ("", "示例县人民政府", "县政府", "示政发", "014270010"),
    ("jiaoyuju", "示例县教育局", "教育局", "示教发", "11321099014270385C"),
    ("minzhengju", "示例县民政局", "民政局", "示民发", "11321099014270756D"),
    ("caizhengju", "示例县财政局", "财政局", "示财发", "11321099014271118E"),
    ("zhujianju", "示例县住房和城乡建设局", "住建局", "示建发", "014271480"),
    ("weijianwei", "示例县卫生健康委员会", "卫健委", "示卫发", "11321099014271843G"),
    ("weijianwei/jikong", "示例县疾病预防控制中心", "疾控中心", "示疾控发", "11321099014272206H"),
    ("chengguan", "城关镇人民政府", "城关镇", "城政发", "11321099014272569J"),
    ("xihe", "西河镇人民政府", "西河镇", "西政发", "11321099014272932K"),
    ("xihe/nongji", "西河镇农业技术推广站", "农技站", "西农技", "11321099014273295L"),
    ("dongcheng", "东城街道办事处", "东城街道", "东街发", "11321099014273658M"),
]
AGENCY_WEIGHTS = [18, 9, 8, 8, 7, 8, 4, 10, 10, 4, 14]

CATEGORIES = [
    ("01", "机构职能", None, ["机构设置", "主要职责", "领导分工"]),
    ("02", "政策文件", None, ["工作要点", "实施方案"]),
    ("0201", "行政规范性文件", "02", ["农村人居环境整治", "城乡居民医疗救助", "住房保障"]),
    ("0202", "其他文件", "02", ["安全生产", "防汛抗旱", "森林防火"]),
    ("0203", "政策解读", "02", ["医疗救助办法", "就业创业扶持政策", "高标准农田建设"]),
    ("03", "规划信息", None, ["国土空间规划", "村庄规划", "专项规划"]),
    ("04", "财政信息", None, ["财政资金"]),
    ("0401", "财政预决算", "04", ["部门预算", "部门决算", "政府预算"]),
    ("0402", "三公经费", "04", ["三公经费预算", "三公经费决算"]),
    ("05", "行政执法", None, ["行政执法公示"]),
    ("0501", "行政许可", "05", ["建设工程规划许可", "食品经营许可", "取水许可"]),
    ("0502", "行政处罚", "05", ["环境违法行为处罚", "违法建设处罚"]),
    ("06", "统计信息", None, ["国民经济运行情况", "农业生产情况"]),
    ("07", "政府采购", None, ["办公设备采购", "物业服务采购"]),
    ("08", "重大建设项目", None, ["污水管网改造工程", "中心小学扩建工程"]),
    ("09", "社会救助", None, ["城乡低保", "特困人员供养", "临时救助"]),
    ("10", "应急管理", None, ["突发事件应急预案", "地质灾害防治"]),
    ("11", "人事信息", None, ["公开招聘", "人事任免"]),
    ("12", "政府信息公开制度", None, ["政府信息公开保密审查", "依申请公开办理"]),
    ("13", "其他", None, ["便民服务", "工作动态"]),
]

# Terms a citizen searches for: each is in a few per cent of the entries.
TERMS = """政府信息公开 依申请公开 主动公开 行政许可 行政处罚 财政预算 部门预算 部门决算
预算执行 保密审查 政务公开 工作方案 实施意见 安全生产 防汛抗旱 乡村振兴 人居环境 低保标准
社会救助 临时救助 特困供养 医疗救助 宅基地审批 农村土地 高标准农田 就业创业 公开招聘 人事任免
应急预案 森林防火 食品安全 环境保护 污染防治 项目建设 专项资金 绩效评价 审计整改 信访工作
营商环境 一网通办 便民服务 村民委员会""".split()
# The words of government notices: in most entries.
GENERIC = """公开 有关单位 各村 居民 群众 满意度 台账 时间节点 落实 推进 加强 规范 完善
健全 提升 开展 组织 实施 做好 切实 进一步 按照 根据 结合 确保 严格 及时 全面 依法 依规 统筹
协调 监督 管理 服务 工作 情况 要求 规定 办法 资金使用 责任分工 保障措施 组织领导 督查检查""".split()

NUMERALS = "一二三四五六七八九十"
HEADS = ["总体要求", "工作目标", "主要任务", "实施步骤", "责任分工", "保障措施", "工作要求",
         "基本情况", "存在问题", "下一步工作", "资金安排", "监督检查"]
KEYWORDS = ["政务公开", "安全生产", "民生", "乡村振兴", "财政", "社会救助", "教育", "卫生健康",
            "住房保障", "应急", "行政许可", "规划", "就业", "环境保护"]
PUNCT = "，，，，、、；。"

# Query words whose recall the search measurements check.
QUERIES = ["公开", "预算", "行政许可", "依申请公开", "低保标准", "宅基地审批", "保密审查",
           "高标准农田", "营商环境", "绩效评价"]


def load_vocabulary():
    """Han words of 1–4 characters with their frequencies, most frequent 60,000."""
    words = []
    with open(JIEBA_DICT, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            w, freq = parts[0], int(parts[1])
            if 1 <= len(w) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in w):
                words.append((freq, w))
    words.sort(reverse=True)
    words = words[:60000]
    cum, total = [], 0
    for freq, _ in words:
        total += freq
        cum.append(total)
    return [w for _, w in words], cum, total


class Text:
    def __init__(self, rng, vocab):
        self.rng, (self.words, self.cum, self.total) = rng, vocab

    def word(self):
        r = self.rng
        x = r.random()
        if x < 0.012:
            return r.choice(TERMS)
        if x < 0.09:
            return r.choice(GENERIC)
        return self.words[bisect.bisect(self.cum, r.random() * self.total)]

    def clause(self, lo=3, hi=9):
        return "".join(self.word() for _ in range(self.rng.randint(lo, hi)))

    def sentence(self):
        parts = [self.clause() for _ in range(self.rng.randint(1, 4))]
        out = ""
        for p in parts[:-1]:
            out += p + self.rng.choice(PUNCT[:-1])
        return out + parts[-1] + "。"


def han_len(s):
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff")


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    vocab = load_vocabulary()
    shutil.rmtree(out, ignore_errors=True)
    content = os.path.join(out, "content")
    os.makedirs(content)
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write("title: 示例县人民政府信息公开\nbase_url: https://www.example.gov.cn/xxgk/\n")
    cat_yaml = "---\nindex_format: \"{code}/{year}-{seq:05}\"\ncategories:\n"
    for code, name, parent, _ in CATEGORIES:
        if parent is None:
            cat_yaml += f"  - code: \"{code}\"\n    name: {name}\n"
            kids = [c for c in CATEGORIES if c[2] == code]
            if kids:
                cat_yaml += "    children:\n" + "".join(
                    f"      - {{ code: \"{k[0]}\", name: {k[1]} }}\n" for k in kids)
    cat_yaml += "---\n按分类编排。\n"
    for folder, name, short, _, code in AGENCIES:
        d = os.path.join(content, folder)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "guide.md"), "w") as f:
            f.write(f"---\nagency: {name}\ncode: \"{code}\"\noffice: {short}办公室\n"
                    f"address: 某省某市示例县人民路1号\nhours: 周一至周五 8:30-17:30\n"
                    f"phone: 0523-80000000\nemail: xxgk@example.gov.cn\n---\n指南正文。\n\n## 政府信息的分类、编排体系和获取方式\n\n按公开目录分类编排，在本平台查阅、检索和下载。\n")
        with open(os.path.join(d, "catalogue.md"), "w") as f:
            f.write(cat_yaml)

    plan = random.Random(seed)
    seqs = {}
    counts = {q: 0 for q in QUERIES}
    chars = 0
    for i in range(n):
        a = plan.choices(range(len(AGENCIES)), AGENCY_WEIGHTS)[0]
        folder, name, short, prefix, code = AGENCIES[a]
        year = 2019 + plan.randrange(7)
        month, day = plan.randint(1, 12), plan.randint(1, 28)
        seq = seqs[(a, year)] = seqs.get((a, year), 0) + 1
        cat = CATEGORIES[plan.randrange(len(CATEGORIES))]
        rng = random.Random(seed * 1_000_003 + i)
        t = Text(rng, vocab)
        topic = rng.choice(cat[3])
        title = rng.choice([
            f"关于印发《{short}{year}年{topic}工作方案》的通知",
            f"{name}{year}年{topic}情况公示",
            f"关于进一步做好{t.clause(1, 3)}{topic}工作的实施意见",
            f"{year}年第{NUMERALS[(month - 1) // 3]}季度{topic}信息",
            f"关于{t.clause(1, 2)}{topic}有关事项的通知",
            f"{short}关于{t.clause(1, 3)}的公告",
        ])
        summary = t.sentence()
        target = rng.randint(350, 1200)
        body = "各有关单位：\n\n" + f"为做好{year}年{topic}工作，根据有关规定，结合本地实际，现将有关事项通知如下。\n\n"
        section, table = 0, rng.random() < 0.12
        while han_len(body) < target and section < 10:
            body += f"## {NUMERALS[section]}、{HEADS[(i + section) % len(HEADS)]}\n\n"
            section += 1
            kind = rng.randrange(10)
            if table and section > 1:
                table = False
                body += "| 序号 | 项目 | 金额（万元） | 责任单位 |\n|---|---|---:|---|\n"
                for k in range(1, rng.randint(3, 8)):
                    body += f"| {k} | {t.clause(1, 3)} | {rng.randint(1, 900)}.{rng.randrange(10)} | {short} |\n"
                body += "\n"
            elif kind < 7:
                for _ in range(rng.randint(1, 3)):
                    body += "".join(t.sentence() for _ in range(rng.randint(2, 4))) + "\n\n"
            else:
                for k in range(1, rng.randint(3, 6)):
                    body += f"{k}. {t.clause()}。\n"
                body += "\n"
        body += f"{name}\n{year}年{month}月{day}日\n"
        draft = i % 997 == 5
        on_request = i % 991 == 7
        if draft:
            body += "\n草稿专用词甲乙丙。\n"
        if on_request:
            body += "\n依申请专用词丁戊己。\n"
        front = (f"---\nindex: \"{code}/{year}-{seq:05d}\"\ntitle: \"{title}\"\n"
                 f"summary: \"{summary}\"\ncategory: \"{cat[0]}\"\n"
                 f"created: {year}-{month:02d}-{day:02d}\npublished: {year}-{month:02d}-{day:02d}\n")
        if rng.random() < 0.33:
            front += f"doc_number: \"{prefix}〔{year}〕{seq}号\"\n"
        if rng.random() < 0.3:
            front += f"keywords: [{', '.join(rng.sample(KEYWORDS, rng.randint(1, 3)))}]\n"
        if rng.random() < 0.05:
            front += "validity: 废止\n"
        if draft:
            front += "draft: true\n"
        if on_request:
            front += "disclosure: 依申请公开\n"
        d = os.path.join(content, folder, "entries", str(year))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"{year}-{seq:05d}.md"), "w") as f:
            f.write(front + "---\n" + body)
        if not draft:
            text = title + summary + ("" if on_request else body)
            chars += han_len(body)
            for q in QUERIES:
                if q in text:
                    counts[q] += 1
    with open(os.path.join(out, "queries.tsv"), "w") as f:
        for q in QUERIES:
            f.write(f"{q}\t{counts[q]}\n")
    print(f"{n} entries, {chars / max(n, 1):.0f} Han characters per body on average")


if __name__ == "__main__":
    main()
