import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanText, isCjkUnit, isFurnitureLine, isSpuriousSpace, siteWordScore } from '../../src/stages/clean.js';
import { scriptCounts } from '../../src/stages/script.js';
import { resources } from '../helpers.js';
import { mapOffset, mappedLength } from '../../src/model/span.js';

const clean = (raw: string) => cleanText(raw, resources());

describe('clean', () => {
  it.each([
    ['相 关部门的支持', '相关部门的支持'],
    // several spacing runs on one line, with long stretches between them (found by the cursor's search)
    ['全年开展理论宣讲活动 X 次，覆盖群众三千余人，相 关部门的支持力度明显加大，LED 屏 2 块\u3000\u3000完成', '全年开展理论宣讲活动 X 次，覆盖群众三千余人，相关部门的支持力度明显加大，LED 屏2块完成'],
    ['2020 年宣传思想工作', '2020年宣传思想工作'],
    ['组织召开研判会 X 次', '组织召开研判会 X 次'],
    ['电子 LED 显示屏', '电子 LED 显示屏'],
    ['共 12 34 人', '共12 34人'],
    ['Wi-Fi  network', 'Wi-Fi network'],
    ['工作。 (二)增强', '工作。 (二)增强'],
  ])('clean removes PDF spaces only between Chinese characters and numbers: %s', (raw, expected) => {
    expect(clean(raw).cleaned).toBe(expected);
  });

  it('clean removes PDF spaces on lines among lines without spaces, and on pieces left by spam', () => {
    // the spacing characters are searched for ahead of the line being cleaned (SpacingCursor)
    const raw = '今年以来，我镇加强组织领导。\n得到相 关部门的支持，成效明显。\n全年开展宣讲活动，覆盖群众。\n\u3000\u3000召开 2 次会议，研究部署工作。\n今年是xyz 飞速体育_xyz直播吧飞速体育_快看直播市 创建的开局之年。\n完成全年任务，群众满意。';
    expect(clean(raw).cleaned).toBe('今年以来，我镇加强组织领导。\n得到相关部门的支持，成效明显。\n全年开展宣讲活动，覆盖群众。\n召开2次会议，研究部署工作。\n今年是市创建的开局之年。\n完成全年任务，群众满意。');
  });

  it('clean drops spacing runs as the rule says wherever they stand: inside lines, at their trimmed edges, before a CR', () => {
    // reference: each line's runs of spacing characters found by a regex (the rule of isSpuriousSpace), lines
    // left empty by trimming dropped with their line feed; the line model is left out (it judges short lines)
    const SPACING_RUN = /[ \t\u00a0\u3000\u2002-\u200b\ufeff]+/g;
    const cjk = (ch: string | undefined) => ch !== undefined && /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’—…·《》、]/u.test(ch);
    const digit = (ch: string | undefined) => ch !== undefined && /[0-9]/.test(ch);
    const spurious = (before: string | undefined, after: string | undefined) =>
      before === undefined || after === undefined || (cjk(before) && cjk(after)) || (cjk(before) && digit(after)) || (digit(before) && cjk(after));
    const despaced = (line: string) => line.replace(SPACING_RUN, (run, at: number) => (spurious(line[at - 1], line[at + run.length]) ? '' : run[0]));
    const reference = (raw: string) => {
      const lines = raw.split('\n');
      return lines
        .map((line, i) => {
          const content = line.endsWith('\r') ? line.slice(0, -1) : line;
          return content.trim() === '' ? '' : despaced(content) + (i < lines.length - 1 ? '\n' : '');
        })
        .join('');
    };
    const noModel = { ...resources(), noiseLineModel: undefined };
    const space = fc.constantFrom(' ', '\u3000', '\t', '\u00a0', '\u2009', '\ufeff', '\v', '\u2028', '\r');
    const edge = fc.string({ unit: space, maxLength: 3 });
    const middle = fc.string({ unit: fc.oneof(space, fc.constantFrom('相', '关', '1', '2', 'a', 'B', '。', '“')), maxLength: 12 });
    const line = fc.tuple(edge, middle, edge).map(([a, b, c]) => `${a}相关部门${b}推进落实${c}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(line, edge), { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const raw = lines.join(crlf ? '\r\n' : '\n');
        expect(cleanText(raw, noModel).cleaned).toBe(reference(raw));
      }),
      { numRuns: 300 },
    );
  });

  it('clean counts the raw text\'s traditional-only characters when it reads all of it', () => {
    expect(clean('一、工作开展情况\n相关部门的支持').rawTraditional).toBe(0);
    expect(clean('一、工作開展情況\n相關部門的支持').rawTraditional).toBe(4); // 開 況 關 門
    expect(clean('工作开展情况。\n'.repeat(3000)).rawTraditional).toBeNull();
  });

  it('clean counts traditional-only characters in its line scan as scriptCounts does: padded, dropped, CRLF lines, the first 20,000 units', () => {
    // counted on the lines as they are scanned: whitespace around them, furniture lines and CRs count alike
    const pages = [
      '\u3000\u3000一、工作開展情況\r\n來源：某某網\r\n\r\n  相關部門的支持  \n',
      `${'工作開展情況。\n'.repeat(2000)}網站地圖\n`, // a long page, its furniture line dropped
      `${'工作开展情况。'.repeat(2857)}\n會議學`, // more than 20,000 units: not counted whole
    ];
    for (const raw of pages) {
      const counts = scriptCounts(raw);
      expect(clean(raw).rawTraditional).toBe(counts.whole ? counts.traditional : null);
    }
    expect(clean(pages[0]).rawTraditional).toBe(scriptCounts(pages[0]).traditional);
  });

  it('clean drops whole noise lines and keeps report lines', () => {
    const raw = '浏览量:177 | 发布时间:2024-01-23\n一、工作开展情况\n上一篇:某某工作总结\n点赞:\n';
    expect(clean(raw).cleaned).toBe('一、工作开展情况\n');
  });

  it('clean drops a link list under a related-articles header, up to the first longer line', () => {
    const raw = '四、下一步工作打算\n相关推荐\n2022年乡镇宣传工作总结范文\n2023年意识形态工作计划\n这是一段很长的正文,不是链接列表的一部分,因为它有句号而且超过了四十个字的限制,所以应当保留下来。';
    expect(clean(raw).cleaned).toBe('四、下一步工作打算\n这是一段很长的正文,不是链接列表的一部分,因为它有句号而且超过了四十个字的限制,所以应当保留下来。');
  });

  it('clean strips spam injected mid-sentence', () => {
    const raw = '今年是xyz 飞速体育_xyz直播吧飞速体育_快看直播市创建全国文明城市的开局之年';
    expect(clean(raw).cleaned).toBe('今年是市创建全国文明城市的开局之年');
  });

  it('clean maps every retained character back to the same raw character', () => {
    const raw = '温馨提示:\r\n相 关部门 X 次\r\n今年是xyz 飞速体育_xyz直播吧飞速体育_快看直播市创建';
    const { cleaned, toRaw } = clean(raw);
    expect(mappedLength(toRaw)).toBe(cleaned.length);
    for (let i = 0; i < cleaned.length; i++) expect(raw[mapOffset(toRaw, i)]).toBe(cleaned[i]);
    expect(mapOffset(toRaw, cleaned.length)).toBe(raw.length);
    expect(cleaned).toBe('相关部门 X 次\n今年是市创建');
  });

  it('clean handles empty text', () => {
    expect(clean('').cleaned).toBe('');
  });

  it('clean removes inline pinyin and keeps the offsets of what remains', () => {
    const raw = '加強社區(qū)文化建設,開展總結(jié)匯報(bào)。';
    const { cleaned, toRaw } = clean(raw);
    expect(cleaned).toBe('加強社區文化建設,開展總結匯報。');
    for (let i = 0; i < cleaned.length; i++) expect(raw[mapOffset(toRaw, i)]).toBe(cleaned[i]);
  });

  it('clean keeps a parenthesised letter that is no pinyin', () => {
    expect(clean('开展宣讲(X)场,方案(a)已完成。').cleaned).toBe('开展宣讲(X)场,方案(a)已完成。');
  });

  it('clean drops a label line and its value on the next line', () => {
    const raw = '2024年街道工作总结\n来源：\n街道党政办\n时间：\n2024-01-05 10:20\n今年以来,街道扎实推进各项工作。';
    expect(clean(raw).cleaned).toBe('2024年街道工作总结\n今年以来,街道扎实推进各项工作。');
  });

  it('clean keeps a long line after a label line', () => {
    const raw = '来源：\n今年以来,街道党工委认真落实意识形态工作责任制,全年开展宣讲30场。';
    expect(clean(raw).cleaned).toBe('今年以来,街道党工委认真落实意识形态工作责任制,全年开展宣讲30场。');
  });

  it('clean drops a breadcrumb split over lines', () => {
    const raw = '首页\n>\n政务公开\n>\n工作总结\n镇2023年宣传工作总结\n一、主要工作';
    expect(clean(raw).cleaned).toBe('镇2023年宣传工作总结\n一、主要工作');
  });

  it('clean drops a font-size widget spread over lines', () => {
    const raw = '下载\n打印\n【字号：\n加大\n还原\n减小\n】\n社区2023年工作总结';
    expect(clean(raw).cleaned).toBe('社区2023年工作总结');
  });

  it('clean drops a site notice block, item by item, up to the first line without site words', () => {
    const raw = '温馨提示：\n1.部分文件预览时排版可能错乱,下载后无此问题。\n2.本文档由网友上传,如有侵权请联系客服。\n乡镇2022年宣传思想工作总结\n今年以来,我镇宣传工作稳步推进。';
    expect(clean(raw).cleaned).toBe('乡镇2022年宣传思想工作总结\n今年以来,我镇宣传工作稳步推进。');
  });

  it('clean drops a glossary appended to the report, up to the next report on the page', () => {
    const raw = '各位代表!让我们团结奋斗。\n名词解释\n1.“一网通办”:指政务服务一个网站办理。\n2.“两新”:指设备更新和以旧换新。\n篇二:社区2023年工作总结\n今年以来,社区扎实推进各项工作。';
    expect(clean(raw).cleaned).toBe('各位代表!让我们团结奋斗。\n社区2023年工作总结\n今年以来,社区扎实推进各项工作。');
  });

  // Self-written pages in the styles of news and portal pages (issue 12, item 4); names and places invented.
  const body = '一、工作回顾\n过去一年,全县上下团结奋斗,经济社会发展取得新成效,地区生产总值增长百分之五,城乡居民收入稳步提高。\n二、今年工作安排\n今年将继续扎实推进各项重点工作,确保完成全年目标任务,为实现新的发展作出更大贡献。';

  it('clean drops everything after an end-of-page footer in the page\'s last part: a repeated title, a teaser', () => {
    const raw = `某县政府工作报告\n${body}\n打印本页\n关闭窗口\n某县政府工作报告\n各位代表:现在,我代表县人民政府,向大会报告工作。`;
    expect(clean(raw).cleaned).toBe(`某县政府工作报告\n${body}\n`);
  });

  it('clean drops the title printed again at the end of the page and the teaser after it, without a footer', () => {
    const long = `${body}\n${body}\n${body}\n${body}`;
    const raw = `某县政府工作报告\n${long}\n某县政府工作报告\n各位代表:现在,我代表县人民政府,向大会报告工作。`;
    expect(clean(raw).cleaned).toBe(`某县政府工作报告\n${long}\n`);
  });

  it('clean keeps the text after a repeated title when much of the page follows it', () => {
    const raw = `某县政府工作报告\n${body}\n某县政府工作报告\n${body}`;
    expect(clean(raw).cleaned.endsWith(`\n${body}`)).toBe(true);
    expect(clean(raw).cleaned.split(body).length).toBe(3);
  });

  it('clean keeps the text below a footer line that stands near the top of the page', () => {
    const raw = `打印本页\n某县政府工作报告\n${body}`;
    expect(clean(raw).cleaned).toBe(`某县政府工作报告\n${body}`);
  });

  it.each([['注释:'], ['【名词解释】'], ['政府工作报告名词解释'], ['附件:名词解释'], ['附注'], ['(完)']])('clean drops a note annex after the closing under %s', (header) => {
    const raw = `某县政府工作报告\n${body}\n${header}\n1.新质生产力:指创新起主导作用的先进生产力质态。\n2.两重:指国家重大战略实施和重点领域安全能力建设。`;
    expect(clean(raw).cleaned).toBe(`某县政府工作报告\n${body}\n`);
  });

  it('clean keeps an annex under a bare 附件1 header: an annex of next year\'s tasks belongs to the report', () => {
    const raw = `某县政府工作报告\n${body}\n附件1\n2026年县十件民生实事\n一、新建改扩建中小学校5所,新增学位3000个。`;
    expect(clean(raw).cleaned).toBe(raw);
  });

  it('clean drops link titles holding a comma or a colon, up to the first sentence', () => {
    const raw = `${body}\n相关阅读\n干部群众热议政府工作报告 凝心聚力,乘势而上\n解读:在服务大局中担当作为\n今年全县共完成各类项目一百个,同比增长百分之十。`;
    expect(clean(raw).cleaned).toBe(`${body}\n今年全县共完成各类项目一百个,同比增长百分之十。`);
  });

  it.each([
    ['2026-02-03 08:30 来源:某某日报'],
    ['2026年02月03日 09:15 | 来源:某某网 | 作者:某某'],
    ['图为会议现场。'],
    ['代表们认真听取报告。(记者 某某 摄)'],
    ['新华社记者 某某某 摄'],
    ['3.2万人已阅读'],
    ['00:00 / 02:15'],
    ['网站标识码:1100000001'],
    ['来源:某某日报 编辑:某某'],
    ['[ 大 中 小 ]'],
    ['发布机构'],
  ])('clean drops news-page furniture: %s', (line) => {
    expect(clean(`某县政府工作报告\n${line}\n${body}`).cleaned).toBe(`某县政府工作报告\n${body}`);
  });

  it('clean drops a caption or news lead between a speech\'s title and its salutation, and keeps the title block', () => {
    const raw = '某省政府工作报告\n——2026年1月20日在某省第十四届人民代表大会第五次会议上\n省长 某某\n1月20日,某省第十四届人民代表大会第五次会议开幕。本报记者 某某 摄\n省长某某作政府工作报告\n各位代表:\n现在,我代表省人民政府,向大会报告工作,请予审议。';
    expect(clean(raw).cleaned).toBe('某省政府工作报告\n——2026年1月20日在某省第十四届人民代表大会第五次会议上\n省长某某\n各位代表:\n现在,我代表省人民政府,向大会报告工作,请予审议。');
  });

  it('clean finds furniture in a page written in traditional characters, and keeps the raw characters', () => {
    const text = '某鎮2023年宣傳思想工作總結\n今年以來，我鎮認真貫徹落實上級決策部署，紮實推進宣傳思想文化工作，取得了較好成效。\n一是強化理論武裝，組織開展專題學習十二次。';
    const raw = `來源：某某日報 編輯：某某\n${text}\n打印本頁\n關閉窗口\n相關閱讀`;
    const out = clean(raw);
    expect(out.cleaned).toBe(`${text}\n`);
  });

  it('clean keeps a long report sentence holding one or two site words', () => {
    const line = '建设地方典籍文库,扶持原创文艺精品,营造鼓励创新、宽容失败的良好环境,推动文化事业和文化产业繁荣发展,让创新成果更多更好惠及全体人民群众。';
    expect(clean(`某县政府工作报告\n${line}`).cleaned).toBe(`某县政府工作报告\n${line}`);
  });

  it('clean drops disclosure header fields and keeps the title', () => {
    const raw = '索引号：11000000/2023-00012\n发文机关：荣光街道办事处\n成文日期：2023-01-05\n2022年荣光街道意识形态工作报告\n2022年,街道党工委扎实推进意识形态工作。';
    expect(clean(raw).cleaned).toBe('2022年荣光街道意识形态工作报告\n2022年,街道党工委扎实推进意识形态工作。');
  });

  it('clean drops source, time and photo-credit lines but keeps the delivery line', () => {
    const raw = '2026年某县政府工作报告\n——2026年1月10日在某县第十八届人民代表大会第五次会议上\n来源：某县日报\n时间：2026-01-12\n县长作政府工作报告。本报记者 李明摄\n各位代表:';
    expect(clean(raw).cleaned).toBe('2026年某县政府工作报告\n——2026年1月10日在某县第十八届人民代表大会第五次会议上\n各位代表:');
  });
});

describe('clean furniture lines', () => {
  it('clean judges a line furniture exactly when a noise pattern, a block header or its site words say so, tried one by one', () => {
    // Note: a line holding none of the prefilter literals is tried only against the patterns without a
    // prefilter that may open with its first character; this checks that nothing else is skipped.
    const r = resources();
    const whole = (pattern: RegExp, line: string) => {
      pattern.lastIndex = 0;
      return pattern.test(line);
    };
    const reference = (line: string) =>
      r.noiseLines.some((p) => whole(p, line)) ||
      r.noiseListHeaders.some((h) => whole(h.pattern, line)) ||
      (line.length <= 200 && siteWordScore(line, r.noiseSiteWords) >= (line.length > 60 && /[。！？!?；;，,]/u.test(line) ? 4 : 2));
    const piece = fc.constantFrom('2023', '2024年', '12月', '1日', '-', '/', ':', '10', '：', '来源', '编辑', '责任编辑', '浏览', '次数', '【', '】', '打印', '关闭', '首页', '网站', '相关', '推进', '落实', '。', '，', '(', ')', '摄', '记者', '附件', 'A', '1', '©', '版权所有', '上一篇', '下一篇', '>', ' ');
    const line = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('').trim()).filter((l) => l !== '');
    fc.assert(
      fc.property(line, (l) => {
        expect(isFurnitureLine(l, r)).toBe(reference(l));
      }),
      { numRuns: 2000 },
    );
  });
});


describe('despacing by code unit', () => {
  // the predicates as written before on one-character strings (regex calls), which the unit ones must equal
  const HAN = /[\p{Script=Han}]/u;
  const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef“”‘’—…·《》、]/u;
  const isCjk = (ch: string | undefined) => ch !== undefined && (HAN.test(ch) || CJK_PUNCT.test(ch));
  const spurious = (before: string | undefined, after: string | undefined) => {
    if (before === undefined || after === undefined) return true;
    if (isCjk(before) && isCjk(after)) return true;
    return (isCjk(before) && /[0-9]/.test(after)) || (/[0-9]/.test(before) && isCjk(after));
  };

  it('isCjkUnit answers as the Han and CJK punctuation patterns for every code unit, asked twice', () => {
    const wrong: number[] = [];
    for (let round = 0; round < 2; round++) for (let unit = 0; unit < 65536; unit++) if (isCjkUnit(unit) !== isCjk(String.fromCharCode(unit))) wrong.push(unit);
    expect(wrong).toEqual([]);
  });

  it('isSpuriousSpace answers as the string predicate for the units on either side of a space', () => {
    const units = [-1, 0x30, 0x39, 0x41, 0x7a, 0x20, 0x4e00, 0x76f8, 0x3001, 0x3002, 0xff0c, 0xff10, 0x201c, 0x2014, 0xd840, 0xdc00, 0x3400, 0x2e80, 0xf900, 0xac00];
    for (const before of units) {
      for (const after of units) {
        const expected = spurious(before < 0 ? undefined : String.fromCharCode(before), after < 0 ? undefined : String.fromCharCode(after));
        expect(isSpuriousSpace(before, after), `${before.toString(16)} ${after.toString(16)}`).toBe(expected);
      }
    }
  });
});
