import PDFDocument from 'pdfkit';
import type { ComplianceDocument } from './compliance-document';

const MARGIN = 50;

/**
 * The report as a PDF (A4, the standard Helvetica fonts, so no font files are read), from the same
 * document as the HTML page. `info.CreationDate` is the report's generation time, so the same
 * report renders to the same bytes.
 */
export function renderCompliancePdf(doc: ComplianceDocument, generatedAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: doc.title, Subject: doc.subtitle, Creator: 'Iron Cage observability', CreationDate: generatedAt } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 2 * MARGIN;
  const valueWidth = width * 0.45;

  pdf.font('Helvetica-Bold').fontSize(18).text(doc.title);
  pdf.font('Helvetica').fontSize(9).fillColor('#57606a').text(doc.subtitle).moveDown();
  const verdictTop = pdf.y;
  pdf.font('Helvetica-Bold').fontSize(10);
  const verdictHeight = pdf.heightOfString(doc.verdict.text, { width: width - 16 }) + 12;
  pdf.rect(MARGIN, verdictTop, width, verdictHeight).fill(doc.verdict.ok ? '#dafbe1' : '#ffebe9');
  pdf.fillColor('#1b1f24').text(doc.verdict.text, MARGIN + 8, verdictTop + 6, { width: width - 16 });
  pdf.x = MARGIN;
  pdf.y = verdictTop + verdictHeight + 10;

  for (const s of doc.sections) {
    if (pdf.y > pdf.page.height - MARGIN - 80) pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(12).fillColor('#1b1f24').text(s.title, MARGIN, pdf.y + 6);
    pdf.font('Helvetica').fontSize(8).fillColor('#57606a').text(s.controls).moveDown(0.3);
    const rows = s.rows.length ? s.rows : [[s.empty ?? 'Nothing in the period.', ''] as [string, string]];
    pdf.fontSize(9).fillColor('#1b1f24');
    for (const [label, value] of rows) {
      const h = Math.max(pdf.heightOfString(label, { width: width - valueWidth - 8 }), pdf.heightOfString(value, { width: valueWidth })) + 4;
      if (pdf.y + h > pdf.page.height - MARGIN) pdf.addPage();
      const top = pdf.y;
      pdf.text(label, MARGIN, top, { width: width - valueWidth - 8 });
      pdf.text(value, MARGIN + width - valueWidth, top, { width: valueWidth, align: 'right' });
      pdf.moveTo(MARGIN, top + h - 1).lineTo(MARGIN + width, top + h - 1).lineWidth(0.5).strokeColor('#d0d7de').stroke();
      pdf.x = MARGIN;
      pdf.y = top + h + 1;
    }
  }
  pdf.moveDown().font('Helvetica').fontSize(7).fillColor('#57606a').text(doc.footer, MARGIN, pdf.y, { width });
  pdf.end();
  return done;
}
