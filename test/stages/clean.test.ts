import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/stages/clean.js';
import { resources } from '../helpers.js';

const clean = (raw: string) => cleanText(raw, resources());

describe('clean', () => {
  it.each([
    ['相 关部门的支持', '相关部门的支持'],
    ['2020 年宣传思想工作', '2020年宣传思想工作'],
    ['组织召开研判会 X 次', '组织召开研判会 X 次'],
    ['电子 LED 显示屏', '电子 LED 显示屏'],
    ['共 12 34 人', '共12 34人'],
    ['Wi-Fi  network', 'Wi-Fi network'],
    ['工作。 (二)增强', '工作。 (二)增强'],
  ])('clean removes PDF spaces only between Chinese characters and numbers: %s', (raw, expected) => {
    expect(clean(raw).cleaned).toBe(expected);
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
    const raw = '今年是nba 极速体育_nba直播吧极速体育_低调看直播市创建全国文明城市的开局之年';
    expect(clean(raw).cleaned).toBe('今年是市创建全国文明城市的开局之年');
  });

  it('clean maps every retained character back to the same raw character', () => {
    const raw = '温馨提示:\r\n相 关部门 X 次\r\n今年是nba 极速体育_nba直播吧极速体育_低调看直播市创建';
    const { cleaned, toRaw } = clean(raw);
    expect(toRaw.length).toBe(cleaned.length + 1);
    for (let i = 0; i < cleaned.length; i++) expect(raw[toRaw[i]]).toBe(cleaned[i]);
    expect(cleaned).toBe('相关部门 X 次\n今年是市创建');
  });

  it('clean handles empty text', () => {
    expect(clean('').cleaned).toBe('');
  });
});
