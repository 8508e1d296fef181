# ruff: noqa: E501 - OLD_LAYOUT and OLD_CSS are the earlier design to the letter
"""Templates still carrying the earlier built-in design, unchanged by HR, get the new
one: the kop from the agency identity, lines left out when a value is unknown (no
empty "Tempat, tanggal lahir", "NIP" or ", 8 Desember 2026"), room for the signature
and stamp. A template HR edited is left alone (docs/certificates.md)."""
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"

# The built-in design before this migration, to recognise untouched templates.
OLD_LAYOUT = """\
<div class="cert">
<header>{{ logo }}<div class="agency">BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA</div></header>
<h1>SERTIFIKAT</h1>
<p class="number">Nomor: {{ number }}</p>
<p class="lead">Diberikan kepada</p>
<p class="name">{{ name }}</p>
<table class="who">
<tr><th>NIP</th><td>{{ nip }}</td></tr>
<tr><th>Tempat, tanggal lahir</th><td>{{ birth_place_date }}</td></tr>
<tr><th>Pangkat/golongan</th><td>{{ pangkat_golongan }}</td></tr>
<tr><th>Jabatan</th><td>{{ position }}</td></tr>
<tr><th>Unit kerja</th><td>{{ unit }}</td></tr>
</table>
<p class="lead">telah mengikuti</p>
<p class="title">{{ title }}</p>
<p class="when">pada {{ dates }} di {{ place }}, sebanyak {{ jp }} JP.</p>
<table class="foot"><tr>
<td class="qrcell">{{ qr }}</td>
<td class="small">Verifikasi keaslian:<br>{{ verify_url }}</td>
<td class="sign">{{ issue_place }}, {{ issue_date }}<br>{{ signatory_title }}
<div class="space"></div><strong>{{ signatory_name }}</strong><br>NIP {{ signatory_nip }}</td>
</tr></table>
</div>
"""
OLD_CSS = """\
.cert { text-align: center; border: 3pt double #7a5c1e; padding: 8mm 14mm 6mm;
  height: 186mm; box-sizing: border-box; }
header .agency { font-family: "Bangkom Sans"; font-weight: bold; font-size: 10pt; letter-spacing: 1pt; }
h1 { font-size: 30pt; letter-spacing: 6pt; margin: 6mm 0 0; color: #5a4312; }
.number { margin: 0 0 3mm; }
.lead { margin: 3mm 0 1mm; }
.name { font-size: 20pt; font-weight: bold; margin: 1mm 0 2mm; }
.title { font-size: 15pt; font-weight: bold; margin: 1mm 0; }
table.who { margin: 0 auto; text-align: left; font-size: 10pt; border-collapse: collapse; }
table.who th { font-weight: normal; padding: 0 4mm 0 0; }
table.foot { width: 100%; table-layout: fixed; margin-top: 8mm; text-align: left; border-collapse: collapse; }
table.foot td { vertical-align: bottom; padding: 0; }
td.qrcell { width: 34mm; }
td.small { font-family: "Bangkom Sans"; font-size: 7pt; overflow-wrap: anywhere; padding-right: 10mm; }
td.sign { width: 85mm; font-size: 10pt; }
.space { height: 16mm; }
"""


def upgrade(apps, schema_editor):
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    new_layout = (DEFAULTS / "layout.html").read_text(encoding="utf-8")
    new_css = (DEFAULTS / "style.css").read_text(encoding="utf-8")
    for template in CertificateTemplate.objects.all():
        if (template.body_html.strip() == OLD_LAYOUT.strip()
                and template.css.strip() == OLD_CSS.strip()):
            CertificateTemplate.objects.filter(pk=template.pk).update(
                body_html=new_layout, css=new_css, updated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("certificates", "0005_hr_may_edit_agency_identity")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]
