# Makes the demo attachment content/entries/2024/附件-低保标准.pdf (示例镇2024年城乡低保标准表); needs `pip install reportlab`.
import sys
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"  # built-in CID font: no font file is embedded


def build(out: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    title = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=24, alignment=1)
    body = ParagraphStyle("b", fontName=FONT, fontSize=10.5, leading=18)
    rows = [
        ["项目", "原标准（元/人/月）", "新标准（元/人/月）", "提高幅度"],
        ["城乡居民最低生活保障标准", "880", "920", "4.5%"],
        ["特困人员基本生活标准", "1,144", "1,196", "4.5%"],
        ["低保边缘家庭认定收入标准", "1,320", "1,380", "4.5%"],
        ["孤儿基本生活费（散居）", "1,760", "1,840", "4.5%"],
    ]
    table = Table(rows, colWidths=[62 * mm, 38 * mm, 38 * mm, 24 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 10.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    doc = SimpleDocTemplate(
        str(out), pagesize=A4, title="示例镇2024年城乡低保标准表", author="示例镇人民政府",
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=25 * mm, bottomMargin=20 * mm,
        invariant=1,  # reproducible output: no timestamp or random document id
    )
    doc.build([
        Paragraph("示例镇2024年城乡低保标准表", title),
        Spacer(1, 6 * mm),
        Paragraph("执行时间：2024年7月1日起", body),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 6 * mm),
        Paragraph("说明：", body),
        Paragraph("1. 城乡低保标准保持一致；", body),
        Paragraph("2. 特困人员基本生活标准按低保标准的1.3倍确定；", body),
        Paragraph("3. 低保边缘家庭认定收入标准按低保标准的1.5倍确定；", body),
        Paragraph("4. 低保金按家庭人均收入与低保标准的差额发放。", body),
        Spacer(1, 10 * mm),
        Paragraph("示例镇人民政府　2024年6月20日", ParagraphStyle("r", parent=body, alignment=2)),
    ])


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    default = root / "content" / "entries" / "2024" / "附件-低保标准.pdf"
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
