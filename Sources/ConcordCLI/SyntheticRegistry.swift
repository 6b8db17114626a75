import Foundation
import Catalog
import Model

/// A reproducible synthetic Zhejiang registry for the demo and the benchmarks: valid identity numbers and
/// credit codes, realistic names and regions. Nothing in it is a real person or firm.
struct SyntheticRegistry {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64: small, fast and the same on every machine.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国晨浩宇欣怡子涵梓轩雨桐思远嘉俊佳琪婷婷志强海燕丹丹晓东春梅")

    /// Zhejiang places: city, district, township/street, with the district's resident-ID region code.
    static let places: [(city: String, district: String, code: String, streets: [String])] = [
        ("杭州市", "西湖区", "330106", ["文新街道", "古荡街道", "翠苑街道", "三墩镇"]),
        ("杭州市", "滨江区", "330108", ["西兴街道", "长河街道", "浦沿街道"]),
        ("杭州市", "余杭区", "330110", ["仓前街道", "五常街道", "良渚街道"]),
        ("宁波市", "鄞州区", "330212", ["首南街道", "中河街道", "钟公庙街道"]),
        ("温州市", "鹿城区", "330302", ["五马街道", "南汇街道"]),
        ("嘉兴市", "南湖区", "330402", ["建设街道", "解放街道"]),
        ("绍兴市", "越城区", "330602", ["塔山街道", "府山街道"]),
        ("金华市", "义乌市", "330782", ["稠城街道", "北苑街道", "佛堂镇"]),
    ]

    static let parks = ["杭州高新技术产业开发区", "宁波经济技术开发区", "义乌工业园区"]
    static let industries = ["纺织", "电子", "机械", "物流", "食品", "软件", "化工", "建材", "服装", "家电"]

    mutating func name() -> String {
        var n = String(pick(Self.surnames)) + String(pick(Self.given))
        if below(3) > 0 { n += String(pick(Self.given)) }
        return n
    }

    /// A valid resident identity number, unique per `index` (up to 13 million): born between 1965 and 2000,
    /// with the birth date and the three-digit sequence both derived from the index.
    func residentID(regionCode: String, index: Int) -> String {
        let sequence = index % 1000
        let offset = (index / 1000 + sequence * 7919) % 13_000
        let birth = Day(year: 1965, month: 1, day: 1)?.adding(days: offset) ?? Day.epoch
        let body = regionCode + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, sequence)
        let digits = body.map { Int(String($0)) ?? 0 }
        return body + String(ResidentID.checkCharacter(digits))
    }

    /// A valid unified social credit code for an enterprise (`91` + region + organisation code).
    mutating func creditCode(regionCode: String) -> String {
        var values = [9, 1] + regionCode.map { Int(String($0)) ?? 0 }
        for _ in 0..<9 { values.append(below(31)) }
        let body = values.map { String(CreditCode.characters[$0]) }.joined()
        return body + String(CreditCode.checkCharacter(values))
    }
}
