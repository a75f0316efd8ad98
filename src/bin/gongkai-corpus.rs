//! gongkai-corpus: writes a synthetic county-scale site for benchmarks — the same
//! entries twice, as a gongkai site and as an equivalent Hugo site.
//!
//! Not a user command (so it stays out of `gongkai --help`); it lives in this crate to
//! form index numbers with the library's own `IndexFormat`, so every number is valid
//! for its agency's `index_format` by construction.
//!
//! Deterministic by seed: a fixed PRNG (SplitMix64, written out below so the stream never
//! changes with a dependency's version) drives every choice, and each entry's text comes
//! from its own stream, so files can be written in parallel and still be identical.
//!
//! ```text
//! gongkai-corpus --entries 10000 --seed 1 --out /tmp/corpus
//!   /tmp/corpus/gongkai/   site.yaml, content/ (11 agencies, nested)
//!   /tmp/corpus/hugo/      hugo.toml, layouts/, content/ (same entries)
//!   /tmp/corpus/corpus.txt what was written (counts), for tests and the benchmark
//!   /tmp/corpus/queries.tsv for a few query words, how many published entries hold them
//! ```
//!
//! `--words jieba/dict.txt` writes the bodies from a realistic vocabulary, for measuring
//! search at scale. Drafts and 依申请公开 entries carry marker words found nowhere else.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, Duration, NaiveDate};
use clap::Parser;
use gongkai::site::index_number::{Facts, IndexFormat, slug};
use rayon::prelude::*;

#[derive(Parser)]
#[command(
    name = "gongkai-corpus",
    about = "Writes a synthetic benchmark site (gongkai + Hugo)"
)]
struct Args {
    /// Number of entries.
    #[arg(long, default_value_t = 1000)]
    entries: usize,
    /// Seed of the generator; the same seed and count give the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder; its `gongkai/` and `hugo/` sub-folders are replaced.
    #[arg(long)]
    out: PathBuf,
    /// A word list with frequencies (jieba's `dict.txt` format, `word frequency [tag]` per
    /// line; Debian's `python3-jieba` ships one) to write bodies from a realistic
    /// vocabulary: the distinct words and character pairs are what a search index's
    /// size and build time depend on. Without it, bodies repeat a few canned sentences.
    #[arg(long)]
    words: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match write_corpus(&args) {
        Ok(summary) => {
            print!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gongkai-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

// ------------------------------------------------------------------ randomness

/// SplitMix64: tiny, fast, and fixed forever (unlike `rand`'s StdRng).
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ------------------------------------------------------------------ the county

struct AgencySpec {
    /// Folder under `content/` ("" = `content/` itself, the county government).
    dir: &'static str,
    name: &'static str,
    short: &'static str,
    /// Prefix of its 文号, e.g. 示教发.
    doc_prefix: &'static str,
    index_format: &'static str,
    /// 18 = 统一社会信用代码, 9 = 组织机构代码.
    code_len: usize,
    weight: usize,
}

const AGENCIES: &[AgencySpec] = &[
    AgencySpec {
        dir: "",
        name: "示例县人民政府",
        short: "县政府",
        doc_prefix: "示政发",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 9,
        weight: 18,
    },
    AgencySpec {
        dir: "jiaoyuju",
        name: "示例县教育局",
        short: "教育局",
        doc_prefix: "示教发",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 18,
        weight: 9,
    },
    AgencySpec {
        dir: "minzhengju",
        name: "示例县民政局",
        short: "民政局",
        doc_prefix: "示民发",
        index_format: "{code}-{category}-{year}-{seq:04}",
        code_len: 18,
        weight: 8,
    },
    AgencySpec {
        dir: "caizhengju",
        name: "示例县财政局",
        short: "财政局",
        doc_prefix: "示财发",
        index_format: "{code}/{year}-{seq:06}",
        code_len: 18,
        weight: 8,
    },
    AgencySpec {
        dir: "zhujianju",
        name: "示例县住房和城乡建设局",
        short: "住建局",
        doc_prefix: "示建发",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 9,
        weight: 7,
    },
    AgencySpec {
        dir: "weijianwei",
        name: "示例县卫生健康委员会",
        short: "卫健委",
        doc_prefix: "示卫发",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 18,
        weight: 8,
    },
    AgencySpec {
        dir: "weijianwei/jikongzhongxin",
        name: "示例县疾病预防控制中心",
        short: "疾控中心",
        doc_prefix: "示疾控发",
        index_format: "{code}-{year}{month}-{seq:04}",
        code_len: 18,
        weight: 4,
    },
    AgencySpec {
        dir: "chengguan",
        name: "城关镇人民政府",
        short: "城关镇",
        doc_prefix: "城政发",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 18,
        weight: 10,
    },
    AgencySpec {
        dir: "xihe",
        name: "西河镇人民政府",
        short: "西河镇",
        doc_prefix: "西政发",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 18,
        weight: 10,
    },
    AgencySpec {
        dir: "xihe/nongjizhan",
        name: "西河镇农业技术推广站",
        short: "农技站",
        doc_prefix: "西农技",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 18,
        weight: 4,
    },
    AgencySpec {
        dir: "dongcheng",
        name: "东城街道办事处",
        short: "东城街道",
        doc_prefix: "东街发",
        index_format: "{code}/{year}-{seq:05}",
        code_len: 18,
        weight: 14,
    },
];

struct CategorySpec {
    code: &'static str,
    name: &'static str,
    parent: Option<&'static str>,
    /// Subjects that titles in this category are about.
    topics: &'static [&'static str],
}

/// 20 categories: a typical 主动公开基本目录, two levels deep.
const CATEGORIES: &[CategorySpec] = &[
    CategorySpec {
        code: "01",
        name: "机构职能",
        parent: None,
        topics: &["机构设置", "主要职责", "领导分工", "内设机构调整"],
    },
    CategorySpec {
        code: "02",
        name: "政策文件",
        parent: None,
        topics: &["工作要点", "实施方案"],
    },
    CategorySpec {
        code: "0201",
        name: "行政规范性文件",
        parent: Some("02"),
        topics: &[
            "农村人居环境整治",
            "城乡居民医疗救助",
            "困难群众临时救助",
            "住房保障",
        ],
    },
    CategorySpec {
        code: "0202",
        name: "其他文件",
        parent: Some("02"),
        topics: &["安全生产", "防汛抗旱", "森林防火", "文明城市创建"],
    },
    CategorySpec {
        code: "0203",
        name: "政策解读",
        parent: Some("02"),
        topics: &["医疗救助办法", "就业创业扶持政策", "高标准农田建设"],
    },
    CategorySpec {
        code: "03",
        name: "规划信息",
        parent: None,
        topics: &[
            "国民经济和社会发展规划",
            "国土空间规划",
            "村庄规划",
            "专项规划",
        ],
    },
    CategorySpec {
        code: "04",
        name: "财政信息",
        parent: None,
        topics: &["财政资金"],
    },
    CategorySpec {
        code: "0401",
        name: "财政预决算",
        parent: Some("04"),
        topics: &["部门预算", "部门决算", "政府预算"],
    },
    CategorySpec {
        code: "0402",
        name: "三公经费",
        parent: Some("04"),
        topics: &["“三公”经费预算", "“三公”经费决算"],
    },
    CategorySpec {
        code: "05",
        name: "行政执法",
        parent: None,
        topics: &["行政执法公示"],
    },
    CategorySpec {
        code: "0501",
        name: "行政许可",
        parent: Some("05"),
        topics: &[
            "建设工程规划许可",
            "食品经营许可",
            "取水许可",
            "道路占用许可",
        ],
    },
    CategorySpec {
        code: "0502",
        name: "行政处罚",
        parent: Some("05"),
        topics: &["环境违法行为处罚", "安全生产违法行为处罚", "违法建设处罚"],
    },
    CategorySpec {
        code: "06",
        name: "统计信息",
        parent: None,
        topics: &["国民经济运行情况", "农业生产情况", "人口抽样调查"],
    },
    CategorySpec {
        code: "07",
        name: "政府采购",
        parent: None,
        topics: &["办公设备采购", "道路维修工程采购", "物业服务采购"],
    },
    CategorySpec {
        code: "08",
        name: "重大建设项目",
        parent: None,
        topics: &[
            "污水管网改造工程",
            "乡村道路提档升级工程",
            "中心小学扩建工程",
        ],
    },
    CategorySpec {
        code: "09",
        name: "社会救助",
        parent: None,
        topics: &["城乡低保", "特困人员供养", "临时救助", "残疾人两项补贴"],
    },
    CategorySpec {
        code: "10",
        name: "应急管理",
        parent: None,
        topics: &["突发事件应急预案", "防汛应急演练", "地质灾害防治"],
    },
    CategorySpec {
        code: "11",
        name: "人事信息",
        parent: None,
        topics: &["公开招聘", "人事任免", "公务员录用"],
    },
    CategorySpec {
        code: "12",
        name: "政府信息公开制度",
        parent: None,
        topics: &[
            "政府信息公开保密审查",
            "政府信息公开申请办理",
            "政务公开工作考核",
        ],
    },
    CategorySpec {
        code: "13",
        name: "其他",
        parent: None,
        topics: &["便民服务", "工作动态"],
    },
];

const REGION: &str = "321099";
const FIRST_YEAR: i32 = 2019;
/// Seven years of entries: 2019-01-01 … 2025-12-31.
const YEARS: i32 = 7;

/// 9-character 组织机构代码 (GB 11714) with its check character.
fn org_code(eight: &str) -> String {
    const ALPHA: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let w = [3, 7, 9, 10, 5, 8, 4, 2];
    let s: usize = eight
        .chars()
        .zip(w)
        .map(|(c, w)| ALPHA.find(c).unwrap_or(0) * w)
        .sum();
    let check = match 11 - s % 11 {
        10 => 'X',
        11 => '0',
        c => char::from(b'0' + c as u8),
    };
    format!("{eight}{check}")
}

/// 18-character 统一社会信用代码 (GB 32100) with its check character.
fn uscc(org9: &str) -> String {
    const ALPHA: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let w = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let body = format!("11{REGION}{org9}");
    let s: usize = body
        .chars()
        .zip(w)
        .map(|(c, w)| ALPHA.find(c).unwrap_or(0) * w)
        .sum();
    let check = ALPHA.as_bytes()[(31 - s % 31) % 31] as char;
    format!("{body}{check}")
}

struct Agency {
    spec: &'static AgencySpec,
    code: String,
    format: IndexFormat,
}

fn agencies() -> Vec<Agency> {
    AGENCIES
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let org = org_code(&format!("0142{:04}", 7001 + i * 37));
            let code = if spec.code_len == 18 { uscc(&org) } else { org };
            Agency {
                spec,
                code,
                format: IndexFormat::parse(spec.index_format).expect("built-in format"),
            }
        })
        .collect()
}

// ------------------------------------------------------------------ entries

/// An entry's facts, decided in one sequential pass (numbering needs the order).
struct Meta {
    agency: usize,
    category: usize,
    created: NaiveDate,
    published: NaiveDate,
    seq: u64,
    index: String,
    doc_number: Option<String>,
    draft: bool,
    on_request: bool,
    validity: &'static str,
}

fn plan_entries(seed: u64, n: usize, agencies: &[Agency]) -> Vec<Meta> {
    let mut rng = Rng::new(seed, 0);
    let weights: Vec<usize> = AGENCIES.iter().map(|a| a.weight).collect();
    let start = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("date");
    let days = (NaiveDate::from_ymd_opt(FIRST_YEAR + YEARS, 1, 1).expect("date") - start).num_days()
        as usize;
    let mut metas: Vec<Meta> = (0..n)
        .map(|_| {
            let created = start + Duration::days(rng.below(days) as i64);
            // Most are published within days; a few late (the timeliness checks see them).
            let delay = if rng.chance(95) {
                rng.range(0, 12)
            } else {
                rng.range(20, 60)
            };
            let agency = rng.weighted(&weights);
            Meta {
                agency,
                category: rng.below(CATEGORIES.len()),
                created,
                published: created + Duration::days(delay as i64),
                seq: 0,
                index: String::new(),
                doc_number: None,
                draft: rng.chance(1),
                on_request: rng.chance(3),
                validity: match rng.below(100) {
                    0..=3 => "失效",
                    4..=5 => "废止",
                    _ => "有效",
                },
            }
        })
        .collect();
    // Sequence numbers run per agency and year in order of creation, as a clerk numbers them.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| {
        (
            metas[i].agency,
            metas[i].created.year(),
            metas[i].created,
            i,
        )
    });
    let (mut key, mut seq) = ((usize::MAX, 0), 0u64);
    let mut doc_seq = 0u64;
    for i in order {
        let m = &mut metas[i];
        let k = (m.agency, m.created.year());
        if k != key {
            (key, seq, doc_seq) = (k, 0, 0);
        }
        seq += 1;
        m.seq = seq;
        let a = &agencies[m.agency];
        m.index = a.format.format(
            Facts {
                code: &a.code,
                category: CATEGORIES[m.category].code,
                year: m.created.year(),
                month: m.created.month(),
            },
            seq,
        );
        // 文号 on about a third of entries (formal documents), numbered per year.
        if rng.chance(35) {
            doc_seq += 1;
            m.doc_number = Some(format!(
                "{}〔{}〕{}号",
                a.spec.doc_prefix,
                m.created.year(),
                doc_seq
            ));
        }
    }
    metas
}

/// Title, summary, keywords and body of one entry, from its own random stream.
struct Text {
    title: String,
    summary: String,
    keywords: Vec<&'static str>,
    body: String,
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

const SECTION_HEADS: &[&str] = &[
    "总体要求",
    "工作目标",
    "主要任务",
    "实施步骤",
    "责任分工",
    "保障措施",
    "工作要求",
    "基本情况",
    "存在问题",
    "下一步工作",
    "资金安排",
    "监督检查",
];

const SENTENCES: &[&str] = &[
    "坚持以人民为中心的发展思想，统筹推进各项工作落实落细。",
    "各有关单位要提高思想认识，切实加强组织领导，明确责任分工。",
    "严格按照时间节点推进，确保各项任务按期保质完成。",
    "建立健全工作台账，实行清单化管理、项目化推进。",
    "加强部门协作配合，形成工作合力，及时研究解决工作中遇到的问题。",
    "强化资金保障，规范资金使用管理，提高资金使用效益。",
    "加大宣传力度，通过政务公开栏、门户网站等渠道广泛宣传政策内容。",
    "对工作推进不力、造成不良影响的单位和个人，依规依纪严肃追责问责。",
    "各村（社区）要结合实际制定具体实施办法，认真抓好贯彻落实。",
    "定期开展督查检查，及时通报工作进展情况。",
    "进一步优化办事流程，压缩办理时限，提升群众满意度。",
    "严格落实安全生产责任制，坚决防范和遏制重特大事故发生。",
    "本年度共受理相关事项一百二十件，办结率达到百分之百。",
    "对符合条件的对象按规定及时足额发放补助资金。",
    "主动接受人大代表、政协委员和社会公众监督。",
    "加强业务培训，提升工作人员依法行政能力和服务水平。",
];

const LIST_ITEMS: &[&str] = &[
    "开展全面排查，摸清底数，建立工作台账",
    "制定具体实施方案，明确时间表和路线图",
    "落实专项资金，保障工作顺利开展",
    "组织业务培训，提高经办人员业务能力",
    "加强日常监管，及时发现和纠正问题",
    "做好政策宣传解读，回应群众关切",
    "按月报送工作进展情况",
    "年底前完成总结评估工作",
];

const KEYWORDS: &[&str] = &[
    "政务公开",
    "安全生产",
    "民生",
    "乡村振兴",
    "财政",
    "社会救助",
    "教育",
    "卫生健康",
    "住房保障",
    "应急",
    "行政许可",
    "规划",
    "就业",
    "环境保护",
];

fn entry_text(seed: u64, i: usize, m: &Meta, words: Option<&Vocabulary>) -> Text {
    let mut rng = Rng::new(seed, i as u64 + 1);
    let cat = &CATEGORIES[m.category];
    let agency = &AGENCIES[m.agency];
    let topic = *rng.pick(cat.topics);
    let year = m.created.year();
    let title = match rng.below(6) {
        0 => format!("关于印发《{}{year}年{topic}工作方案》的通知", agency.short),
        1 => format!("{}{year}年{topic}情况公示", agency.name),
        2 => format!("关于进一步做好{topic}工作的实施意见"),
        3 => format!(
            "{year}年第{}季度{topic}信息",
            NUMERALS[(m.created.month() as usize - 1) / 3]
        ),
        4 => format!("关于{topic}有关事项的通知（第{}号）", m.seq),
        _ => format!("{}关于{topic}的公告", agency.short),
    };
    let summary = format!(
        "{}{year}年{topic}的目标任务、责任分工和保障措施，并对有关工作提出具体要求。",
        match rng.below(3) {
            0 => "明确",
            1 => "公布",
            _ => "部署",
        }
    );
    let keywords = (0..rng.below(3)).map(|_| *rng.pick(KEYWORDS)).collect();

    // 1–4 KB of Markdown: headed sections of paragraphs, lists, now and then a table.
    let target = rng.range(1024, 4096);
    let mut body = String::with_capacity(target + 512);
    let _ = writeln!(body, "各有关单位：\n");
    let _ = writeln!(
        body,
        "为做好{year}年{topic}工作，根据有关规定，结合本地实际，现将有关事项通知如下。\n"
    );
    // Distinct headings; at most one table, in about one entry in eight.
    let first_head = rng.below(SECTION_HEADS.len());
    let mut table = rng.chance(12);
    let mut section = 0;
    while body.len() < target && section < NUMERALS.len() {
        let head = SECTION_HEADS[(first_head + section) % SECTION_HEADS.len()];
        let _ = writeln!(body, "## {}、{head}\n", NUMERALS[section]);
        section += 1;
        let kind = match rng.below(10) {
            _ if table && section > 1 => 9,
            9 => 0,
            k => k,
        };
        match kind {
            0..=5 => {
                for _ in 0..rng.range(1, 3) {
                    for _ in 0..rng.range(2, 4) {
                        match words {
                            Some(v) => v.sentence(&mut rng, &mut body),
                            None => body.push_str(rng.pick::<&str>(SENTENCES)),
                        }
                    }
                    body.push_str("\n\n");
                }
            }
            6..=8 => {
                for n in 1..=rng.range(3, 6) {
                    let _ = writeln!(body, "{n}. {}。", rng.pick(LIST_ITEMS));
                }
                body.push('\n');
            }
            _ => {
                table = false;
                body.push_str("| 序号 | 项目 | 金额（万元） | 责任单位 |\n|---|---|---:|---|\n");
                for n in 1..=rng.range(3, 8) {
                    let _ = writeln!(
                        body,
                        "| {n} | {}{} | {}.{} | {} |",
                        topic,
                        rng.pick(&["一期", "二期", "补助", "维修", "奖补"]),
                        rng.range(1, 900),
                        rng.below(10),
                        agency.short
                    );
                }
                body.push('\n');
            }
        }
    }
    let _ = writeln!(
        body,
        "{}\n{}年{}月{}日",
        agency.name,
        year,
        m.created.month(),
        m.created.day()
    );
    // Words found nowhere else, so a test can prove these entries never reach any output.
    if m.draft {
        body.push_str(&format!("\n{DRAFT_MARKER}\n"));
    }
    if m.on_request {
        body.push_str(&format!("\n{ON_REQUEST_MARKER}\n"));
    }
    Text {
        title,
        summary,
        keywords,
        body,
    }
}

/// Planted in the bodies of drafts and of 依申请公开 entries.
const DRAFT_MARKER: &str = "草稿专用词甲乙丙";
const ON_REQUEST_MARKER: &str = "依申请专用词丁戊己";

/// Terms a citizen searches for: each is in a few per cent of the entries.
const TERMS: &[&str] = &[
    "政府信息公开",
    "依申请公开",
    "主动公开",
    "行政许可",
    "行政处罚",
    "财政预算",
    "部门预算",
    "部门决算",
    "预算执行",
    "保密审查",
    "政务公开",
    "工作方案",
    "实施意见",
    "安全生产",
    "防汛抗旱",
    "乡村振兴",
    "人居环境",
    "低保标准",
    "社会救助",
    "临时救助",
    "特困供养",
    "医疗救助",
    "宅基地审批",
    "农村土地",
    "高标准农田",
    "就业创业",
    "公开招聘",
    "人事任免",
    "应急预案",
    "森林防火",
    "食品安全",
    "环境保护",
    "污染防治",
    "项目建设",
    "专项资金",
    "绩效评价",
    "审计整改",
    "信访工作",
    "营商环境",
    "一网通办",
    "便民服务",
    "村民委员会",
];
/// The words of government notices: in most entries.
const GENERIC: &[&str] = &[
    "公开",
    "有关单位",
    "各村",
    "居民",
    "群众",
    "满意度",
    "台账",
    "时间节点",
    "落实",
    "推进",
    "加强",
    "规范",
    "完善",
    "健全",
    "提升",
    "开展",
    "组织",
    "实施",
    "做好",
    "切实",
    "进一步",
    "按照",
    "根据",
    "结合",
    "确保",
    "严格",
    "及时",
    "全面",
    "依法",
    "依规",
    "统筹",
    "协调",
    "监督",
    "管理",
    "服务",
    "工作",
    "情况",
    "要求",
    "规定",
    "办法",
    "资金使用",
    "责任分工",
    "保障措施",
    "组织领导",
    "督查检查",
];
/// Query words whose recall a search measurement checks (`queries.tsv`).
const QUERIES: &[&str] = &[
    "公开",
    "预算",
    "行政许可",
    "依申请公开",
    "低保标准",
    "宅基地审批",
    "保密审查",
    "高标准农田",
    "营商环境",
    "绩效评价",
];

/// Han words of one to four characters, the 60,000 most frequent of a word list, drawn
/// by frequency.
struct Vocabulary {
    words: Vec<String>,
    /// Running sum of the frequencies, for drawing by binary search.
    cumulative: Vec<u64>,
}

impl Vocabulary {
    fn read(path: &Path) -> std::io::Result<Vocabulary> {
        let text = fs::read_to_string(path)?;
        let han = |w: &str| w.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut words: Vec<(u64, &str)> = text
            .lines()
            .filter_map(|l| {
                let mut parts = l.split_whitespace();
                let (w, f) = (parts.next()?, parts.next()?.parse().ok()?);
                (matches!(w.chars().count(), 1..=4) && han(w)).then_some((f, w))
            })
            .collect();
        words.sort_by(|a, b| b.cmp(a));
        words.truncate(60_000);
        if words.is_empty() {
            return Err(std::io::Error::other(format!(
                "{}: no `word frequency` lines",
                path.display()
            )));
        }
        let mut total = 0;
        let cumulative = words
            .iter()
            .map(|&(f, _)| {
                total += f.max(1);
                total
            })
            .collect();
        Ok(Vocabulary {
            words: words.into_iter().map(|(_, w)| w.to_string()).collect(),
            cumulative,
        })
    }

    fn word<'a>(&'a self, rng: &mut Rng) -> &'a str {
        match rng.below(1000) {
            0..=11 => rng.pick::<&str>(TERMS),
            12..=89 => rng.pick::<&str>(GENERIC),
            _ => {
                let total = *self.cumulative.last().expect("not empty");
                let x = rng.next() % total;
                &self.words[self.cumulative.partition_point(|&c| c <= x)]
            }
        }
    }

    /// A sentence of one to four clauses of three to nine words.
    fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let clauses = rng.range(1, 4);
        for c in 0..clauses {
            for _ in 0..rng.range(3, 9) {
                out.push_str(self.word(rng));
            }
            out.push_str(if c + 1 == clauses {
                "。"
            } else {
                rng.pick::<&str>(&["，", "，", "，", "，", "、", "、", "；"])
            });
        }
    }
}

/// A YAML double-quoted scalar (the generated text holds no quotes, but be safe).
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

// ------------------------------------------------------------------ gongkai site

fn gongkai_entry(m: &Meta, t: &Text) -> String {
    let mut s = String::with_capacity(t.body.len() + 512);
    let _ = writeln!(s, "---\nindex: {}", q(&m.index));
    let _ = writeln!(s, "title: {}\nsummary: {}", q(&t.title), q(&t.summary));
    let _ = writeln!(s, "category: {}", q(CATEGORIES[m.category].code));
    let _ = writeln!(s, "created: {}\npublished: {}", m.created, m.published);
    if let Some(d) = &m.doc_number {
        let _ = writeln!(s, "doc_number: {}", q(d));
    }
    if !t.keywords.is_empty() {
        let _ = writeln!(s, "keywords: [{}]", t.keywords.join(", "));
    }
    if m.validity != "有效" {
        let _ = writeln!(s, "validity: {}", m.validity);
    }
    if m.on_request {
        s.push_str("disclosure: 依申请公开\n");
    }
    if m.draft {
        s.push_str("draft: true\n");
    }
    s.push_str("---\n");
    s.push_str(&t.body);
    s
}

fn guide_facts(a: &Agency, i: usize) -> Vec<(&'static str, String)> {
    vec![
        ("agency", a.spec.name.to_string()),
        ("code", a.code.clone()),
        ("office", format!("{}办公室", a.spec.name)),
        ("address", format!("某省示例市示例县人民路{}号", 10 + i * 3)),
        (
            "hours",
            "周一至周五 8:30-12:00 14:00-17:30（法定节假日除外）".to_string(),
        ),
        ("phone", format!("0523-8652{:04}", 1000 + i * 11)),
        ("email", format!("xxgk{i}@example-county.gov.cn")),
    ]
}

const GUIDE_BODY: &str = "为更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。\n\n## 一、主动公开\n\n本机关主动公开的政府信息按照政府信息公开目录分类编排，自该政府信息形成或者变更之日起20个工作日内予以公开。\n\n## 二、依申请公开\n\n申请人可以通过当面、信函、传真或者电子邮件方式提交申请。能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。\n\n## 三、监督和救济\n\n公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。\n\n## 四、政府信息的分类、编排体系和获取方式\n\n本机关主动公开的政府信息按照政府信息公开目录分类编排，公众可以在本平台按栏目浏览，也可以检索、查阅和下载。\n";

fn catalogue_yaml(a: &Agency) -> String {
    let mut s = format!(
        "---\nindex_format: {}\ncategories:\n",
        q(a.spec.index_format)
    );
    for c in CATEGORIES.iter().filter(|c| c.parent.is_none()) {
        let _ = writeln!(s, "  - code: {}\n    name: {}", q(c.code), c.name);
        let children: Vec<_> = CATEGORIES
            .iter()
            .filter(|k| k.parent == Some(c.code))
            .collect();
        if !children.is_empty() {
            s.push_str("    children:\n");
            for k in children {
                let _ = writeln!(s, "      - code: {}\n        name: {}", q(k.code), k.name);
                if k.code == "0201" {
                    s.push_str("        normative: true\n");
                }
            }
        }
    }
    s.push_str("---\n本目录按主题分类编排，每条信息列出索引号、名称、生成日期和文号。\n");
    s
}

fn write_gongkai(root: &Path, agencies: &[Agency]) -> std::io::Result<()> {
    write(
        &root.join("site.yaml"),
        "title: 示例县政府信息公开平台\nbase_url: https://www.example-county.gov.cn/zwgk/\nper_page: 20\nsponsor: 示例县人民政府办公室\n",
    )?;
    for (i, a) in agencies.iter().enumerate() {
        let dir = root.join("content").join(a.spec.dir);
        let mut guide = String::from("---\n");
        for (k, v) in guide_facts(a, i) {
            let _ = writeln!(guide, "{k}: {}", q(&v));
        }
        guide.push_str("---\n");
        guide.push_str(GUIDE_BODY);
        write(&dir.join("guide.md"), &guide)?;
        write(&dir.join("catalogue.md"), &catalogue_yaml(a))?;
    }
    Ok(())
}

fn gongkai_entry_path(root: &Path, m: &Meta) -> PathBuf {
    root.join("content")
        .join(AGENCIES[m.agency].dir)
        .join("entries")
        .join(m.created.year().to_string())
        .join(format!("{}-{:05}.md", m.created.format("%m%d"), m.seq))
}

// ------------------------------------------------------------------ Hugo site
//
// The same page set: one page per entry (at the same `entry/<slug>/` address) with the
// metadata table, body and same-category neighbours; per agency a home page, the guide,
// the catalogue and one list per category, 20 a page, newest first, a parent category
// listing its children's entries; the site home with the newest 20; a 404 page, the
// sitemap and the site feed.

const HUGO_CONFIG: &str = r##"baseURL = "https://www.example-county.gov.cn/zwgk/"
languageCode = "zh-CN"
title = "示例县政府信息公开平台"
disableKinds = ["taxonomy", "term"]
[pagination]
  pagerSize = 20
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  page = ["HTML"]
"##;

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">跳到主要内容</a>
<header class="site-header"><div class="wrap"><a class="site-title" href="{{ "" | relURL }}">{{ site.Title }}</a></div></header>
{{ with .Params.agency }}{{ with site.GetPage (printf "/%s" .) }}
<nav class="agency-nav" aria-label="{{ .Title }}政府信息公开栏目"><div class="wrap">
  <p class="agency-name"><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>
  <ul>
    <li><a href="{{ .RelPermalink }}guide/">政府信息公开指南</a></li>
    <li><a href="{{ .RelPermalink }}category/12/">政府信息公开制度</a></li>
    <li><a href="{{ .RelPermalink }}category/">法定主动公开内容</a></li>
  </ul>
</div></nav>
{{ end }}{{ end }}
{{ if not .IsHome }}
<nav class="breadcrumbs wrap" aria-label="当前位置"><ol>
  {{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
  <li><span aria-current="page">{{ .Title }}</span></li>
</ol></nav>
{{ end }}
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><div class="wrap"><p>{{ site.Title }} · 主办单位：示例县人民政府办公室</p></div></footer>
</body>
</html>
"##;

const HUGO_ROWS: &str = r##"<div class="table-scroll">
<table class="catalogue-table">
  <thead><tr><th scope="col">索引号</th><th scope="col">名称</th><th scope="col">生成日期</th><th scope="col">文号</th></tr></thead>
  <tbody>
  {{ range . }}
    <tr>
      <td data-label="索引号">{{ .Params.index }}</td>
      <td data-label="名称"><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if ne .Params.validity "有效" }} <span class="badge">{{ .Params.validity }}</span>{{ end }}{{ if .Params.on_request }} <span class="badge">依申请公开</span>{{ end }}</td>
      <td data-label="生成日期">{{ .Params.created }}</td>
      <td data-label="文号">{{ with .Params.doc_number }}{{ . }}{{ else }}<span class="none">无</span>{{ end }}</td>
    </tr>
  {{ end }}
  </tbody>
</table>
</div>
"##;

const HUGO_ENTRY: &str = r##"{{ define "main" }}
<article class="entry">
<h1>{{ .Title }}</h1>
{{ if ne .Params.validity "有效" }}<p class="notice notice-warn" role="note">本文件已{{ .Params.validity }}，仅供查阅。</p>{{ end }}
<table class="meta">
  <caption>信息索引</caption>
  <tbody>
    <tr><th scope="row">索引号</th><td>{{ .Params.index }}</td></tr>
    <tr><th scope="row">分类</th><td><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></td></tr>
    <tr><th scope="row">发布机构</th><td>{{ .Params.publisher }}</td></tr>
    <tr><th scope="row">生成日期</th><td>{{ .Params.created }}</td></tr>
    <tr><th scope="row">公开日期</th><td>{{ .Date.Format "2006-01-02" }}</td></tr>
    <tr><th scope="row">文号</th><td>{{ with .Params.doc_number }}{{ . }}{{ else }}无{{ end }}</td></tr>
    <tr><th scope="row">有效性</th><td>{{ .Params.validity }}</td></tr>
    <tr><th scope="row">公开方式</th><td>{{ if .Params.on_request }}依申请公开{{ else }}主动公开{{ end }}</td></tr>
    <tr><th scope="row">关键词</th><td>{{ with .Params.keywords }}{{ delimit . "、" }}{{ else }}无{{ end }}</td></tr>
    <tr><th scope="row">内容概述</th><td>{{ .Params.summary }}</td></tr>
  </tbody>
</table>
{{ if .Params.on_request }}
<div class="notice" role="note"><p>本信息属于依申请公开，正文不在网上公开。如需获取，请按照《政府信息公开指南》提出申请。</p></div>
{{ else }}
<div class="prose entry-body">{{ .Content }}</div>
{{ end }}
<nav class="neighbours" aria-label="同分类的其他信息"><ul>
  <li>较新一条：{{ with .NextInSection }}<a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a>{{ else }}无{{ end }}</li>
  <li>较早一条：{{ with .PrevInSection }}<a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a>{{ else }}无{{ end }}</li>
</ul></nav>
</article>
{{ end }}
"##;

/// A category list: every entry of the category and its sub-categories, 20 a page.
const HUGO_LIST: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Sections }}<nav class="subcategories" aria-label="下级分类"><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .RegularPagesRecursive }} 条）</li>{{ end }}</ul></nav>{{ end }}
{{ $pages := .RegularPagesRecursive.ByDate.Reverse }}
{{ $pager := .Paginate $pages }}
<p class="count-line">共 {{ len $pages }} 条{{ if gt $pager.TotalPages 1 }}，第 {{ $pager.PageNumber }} / {{ $pager.TotalPages }} 页{{ end }}</p>
{{ if $pager.Pages }}{{ partial "rows.html" $pager.Pages }}{{ else }}<p>本分类暂无公开信息。</p>{{ end }}
{{ if gt $pager.TotalPages 1 }}
<nav class="pagination" aria-label="分页"><ul>
  {{ with $pager.Prev }}<li><a href="{{ .URL }}" rel="prev">上一页</a></li>{{ end }}
  {{ range $pager.Pagers }}{{ if or (eq .PageNumber 1) (eq .PageNumber $pager.TotalPages) (le (math.Abs (sub .PageNumber $pager.PageNumber)) 2) }}
  <li>{{ if eq .PageNumber $pager.PageNumber }}<span aria-current="page">{{ .PageNumber }}</span>{{ else }}<a href="{{ .URL }}">{{ .PageNumber }}</a>{{ end }}</li>
  {{ end }}{{ end }}
  {{ with $pager.Next }}<li><a href="{{ .URL }}" rel="next">下一页</a></li>{{ end }}
</ul></nav>
{{ end }}
{{ end }}
"##;

/// The catalogue: the category tree with counts.
const HUGO_CATALOGUE: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>共 {{ len .RegularPagesRecursive }} 条</p>
<ul class="category-tree">
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .RegularPagesRecursive }} 条）
  {{ with .Sections }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .RegularPagesRecursive }} 条）</li>{{ end }}</ul>{{ end }}
</li>{{ end }}
</ul>
<div class="prose">{{ .Content }}</div>
{{ end }}
"##;

/// An agency's home: its columns, contact line and newest 10 entries.
const HUGO_AGENCY: &str = r##"{{ define "main" }}
<h1>{{ .Title }}政府信息公开</h1>
{{ with .GetPage "guide" }}<section class="contact"><h2>联系我们</h2><p>{{ .Params.office }} · 电话 {{ .Params.phone }} · {{ .Params.address }}</p></section>{{ end }}
{{ with .Sections }}<ul class="agency-list">{{ range . }}{{ if eq .Type "agency" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
<section><h2>最新公开信息</h2>
{{ partial "rows.html" (first 10 (where .RegularPagesRecursive "Type" "entry").ByDate.Reverse) }}
</section>
{{ end }}
"##;

const HUGO_GUIDE: &str = r##"{{ define "main" }}
<article><h1>{{ .Title }}</h1>
<section class="facts"><h2>政府信息公开工作机构</h2><dl>
  <div><dt>机构名称</dt><dd>{{ .Params.agency_name }}</dd></div>
  <div><dt>工作机构</dt><dd>{{ .Params.office }}</dd></div>
  <div><dt>办公地址</dt><dd>{{ .Params.address }}</dd></div>
  <div><dt>办公时间</dt><dd>{{ .Params.hours }}</dd></div>
  <div><dt>联系电话</dt><dd>{{ .Params.phone }}</dd></div>
  <div><dt>电子邮箱</dt><dd>{{ .Params.email }}</dd></div>
</dl></section>
<div class="prose">{{ .Content }}</div>
</article>
{{ end }}
"##;

const HUGO_HOME: &str = r##"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<section><h2>机构目录</h2><ul class="agency-tree">
{{ range where site.Sections "Type" "agency" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></section>
<section><h2>最新公开信息</h2><ul class="latest">
{{ range first 20 (where site.RegularPages "Type" "entry").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta-line">{{ .Params.publisher }} · {{ .Date.Format "2006-01-02" }}</span></li>{{ end }}
</ul></section>
{{ end }}
"##;

const HUGO_404: &str = r##"{{ define "main" }}<h1>页面不存在</h1><p><a href="{{ "" | relURL }}">返回首页</a></p>{{ end }}
"##;

/// A category's folder under the agency's `category/` section (children nest in parents).
fn hugo_category_dir(c: &CategorySpec) -> PathBuf {
    match c.parent {
        Some(p) => Path::new(p).join(c.code),
        None => PathBuf::from(c.code),
    }
}

fn write_hugo(root: &Path, agencies: &[Agency]) -> std::io::Result<()> {
    write(&root.join("hugo.toml"), HUGO_CONFIG)?;
    let layouts = root.join("layouts");
    for (file, text) in [
        ("_default/baseof.html", HUGO_BASEOF),
        ("_default/list.html", HUGO_LIST),
        ("_default/single.html", HUGO_ENTRY),
        ("entry/single.html", HUGO_ENTRY),
        ("agency/list.html", HUGO_AGENCY),
        ("catalogue/list.html", HUGO_CATALOGUE),
        ("guide/single.html", HUGO_GUIDE),
        ("partials/rows.html", HUGO_ROWS),
        ("index.html", HUGO_HOME),
        ("404.html", HUGO_404),
    ] {
        write(&layouts.join(file), text)?;
    }
    write(
        &root.join("static/style.css"),
        "body{font-family:sans-serif;max-width:60rem;margin:auto}\n",
    )?;
    write(
        &root.join("content/_index.md"),
        "---\ntitle: 示例县政府信息公开平台\n---\n",
    )?;
    for (i, a) in agencies.iter().enumerate() {
        let dir = hugo_agency_dir(root, i);
        let id = hugo_agency_id(i);
        write(
            &dir.join("_index.md"),
            &format!(
                "---\ntitle: {}\ntype: agency\nparams:\n  agency: {id}\n---\n",
                q(a.spec.name)
            ),
        )?;
        let mut guide = format!(
            "---\ntitle: {}\ntype: guide\nparams:\n  agency: {id}\n",
            q(&format!("{}政府信息公开指南", a.spec.name))
        );
        for (k, v) in guide_facts(a, i) {
            let k = if k == "agency" { "agency_name" } else { k };
            let _ = writeln!(guide, "  {k}: {}", q(&v));
        }
        guide.push_str("---\n");
        guide.push_str(GUIDE_BODY);
        write(&dir.join("guide.md"), &guide)?;
        let cats = dir.join("category");
        write(
            &cats.join("_index.md"),
            &format!(
                "---\ntitle: 政府信息公开目录\ntype: catalogue\nparams:\n  agency: {id}\n---\n本目录按主题分类编排，每条信息列出索引号、名称、生成日期和文号。\n"
            ),
        )?;
        for c in CATEGORIES {
            write(
                &cats.join(hugo_category_dir(c)).join("_index.md"),
                &format!("---\ntitle: {}\nparams:\n  agency: {id}\n---\n", q(c.name)),
            )?;
        }
    }
    Ok(())
}

/// Each agency is its own top-level section in Hugo (the county government's under `xian/`).
fn hugo_agency_id(i: usize) -> String {
    match AGENCIES[i].dir {
        "" => "xian".to_string(),
        d => d.replace('/', "-"),
    }
}

fn hugo_agency_dir(root: &Path, i: usize) -> PathBuf {
    root.join("content").join(hugo_agency_id(i))
}

fn hugo_entry(i: usize, m: &Meta, t: &Text) -> (PathBuf, String) {
    let a = &AGENCIES[m.agency];
    let c = &CATEGORIES[m.category];
    let slug = slug(&m.index);
    let mut s = String::with_capacity(t.body.len() + 768);
    let _ = writeln!(s, "---\ntitle: {}", q(&t.title));
    let _ = writeln!(s, "date: {}\nurl: /entry/{slug}/\ntype: entry", m.published);
    if m.draft {
        s.push_str("draft: true\n");
    }
    s.push_str("params:\n");
    let _ = writeln!(s, "  agency: {}", hugo_agency_id(m.agency));
    let _ = writeln!(s, "  index: {}\n  summary: {}", q(&m.index), q(&t.summary));
    let _ = writeln!(s, "  created: {}\n  publisher: {}", m.created, q(a.name));
    if let Some(d) = &m.doc_number {
        let _ = writeln!(s, "  doc_number: {}", q(d));
    }
    let _ = writeln!(s, "  keywords: [{}]", t.keywords.join(", "));
    let _ = writeln!(s, "  validity: {}", m.validity);
    if m.on_request {
        s.push_str("  on_request: true\n");
    }
    s.push_str("---\n");
    s.push_str(&t.body);
    let file = PathBuf::from(hugo_agency_id(m.agency))
        .join("category")
        .join(hugo_category_dir(c))
        .join(format!("{}-{i}.md", slug));
    (file, s)
}

// ------------------------------------------------------------------ writing

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn write_corpus(args: &Args) -> std::io::Result<String> {
    let gk = args.out.join("gongkai");
    let hugo = args.out.join("hugo");
    for dir in [&gk, &hugo] {
        if dir.exists() {
            fs::remove_dir_all(dir)?;
        }
    }
    let words = args.words.as_deref().map(Vocabulary::read).transpose()?;
    let agencies = agencies();
    let metas = plan_entries(args.seed, args.entries, &agencies);
    write_gongkai(&gk, &agencies)?;
    write_hugo(&hugo, &agencies)?;
    // Folders first (one call each), then the files in parallel.
    let mut dirs: Vec<PathBuf> = metas
        .iter()
        .map(|m| {
            gongkai_entry_path(&gk, m)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    // Per entry: body bytes, and which query words its published text holds.
    let written: Vec<(usize, Vec<bool>)> = metas
        .par_iter()
        .enumerate()
        .map(|(i, m)| {
            let t = entry_text(args.seed, i, m, words.as_ref());
            fs::write(gongkai_entry_path(&gk, m), gongkai_entry(m, &t))?;
            let (file, text) = hugo_entry(i, m, &t);
            fs::write(hugo.join("content").join(file), text)?;
            let body = if m.on_request { "" } else { t.body.as_str() };
            let found = QUERIES
                .iter()
                .map(|q| {
                    !m.draft
                        && [t.title.as_str(), &t.summary, body]
                            .iter()
                            .any(|s| s.contains(q))
                })
                .collect();
            Ok((t.body.len(), found))
        })
        .collect::<std::io::Result<_>>()?;
    let bytes: Vec<usize> = written.iter().map(|(b, _)| *b).collect();
    let queries: String = QUERIES
        .iter()
        .enumerate()
        .map(|(k, q)| format!("{q}\t{}\n", written.iter().filter(|(_, f)| f[k]).count()))
        .collect();
    fs::write(args.out.join("queries.tsv"), queries)?;
    let drafts = metas.iter().filter(|m| m.draft).count();
    let on_request = metas.iter().filter(|m| m.on_request && !m.draft).count();
    let with_doc = metas.iter().filter(|m| m.doc_number.is_some()).count();
    let summary = format!(
        "seed: {}\nentries: {}\npublic: {}\ndrafts: {drafts}\non_request: {on_request}\ndoc_numbers: {with_doc}\nagencies: {}\ncategories: {}\nbody_bytes: {}\n",
        args.seed,
        metas.len(),
        metas.len() - drafts,
        agencies.len(),
        CATEGORIES.len(),
        bytes.iter().sum::<usize>(),
    );
    fs::write(args.out.join("corpus.txt"), &summary)?;
    Ok(summary)
}
