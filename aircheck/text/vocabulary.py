"""The words aircheck reads relations by, in one place: each list says what it is for.

Readers and the rate resolver import from here; a word list is data, never a
special case for one report's sentence.
"""

from __future__ import annotations

import re

#: Words before a percentage that make it a completion rate or share.
RATE_CUE = re.compile(
    r"(?:率|的|比例|比重|占比?|占[^\d,，;；。:：%()]{1,10}|\(|(?<![计预力确])(?<!计划)(?<!力争)(?<!确保)(?<!预计)(?<!需)完成)"
    r"(?:均|为|达|达到|是|了|已达|\s)*$"
)
#: Words that make a percentage something else: growth, a gap, a target, progress.
NOT_A_RATE = re.compile(
    r"同比|环比|增长|增加|下降|降低|减少|提高|提升了|低于|高于|超过|超序时|序时|比上年|较|"
    r"施工中|进度|筛查|不低于|不高于|控制在|以内|以下|以上"
)
#: Words after a figure that say its count is a subset within the whole.
PART_VERB = re.compile(
    r"^(?:已|目前|均|共)*(?:建成|完工|竣工|联网|完成|投用|运行|开工|入住|通过|整改|办结)$"
)
#: Words that make a figure the whole of a place (全市…，…): its parts may follow.
TOTALISER = re.compile(r"全市|全县|全省|全区|我市|我县|我省|全国")
#: An inspection, and what it found among the inspected (a part of them).
INSPECTED = re.compile(r"抽测|抽检|抽查|检测|检验|核查|复核")
FOUND_AMONG = re.compile(r"^(?:其中)?(?:不合格|合格|超标|达标|通过)[^,，;。]{0,4}$")
#: Words of what was done: completion, construction, handling.
COMPLETION = re.compile(
    r"完成|建成|已|动工|竣工|入住|开工|通过|联网|实现|办结|整改|处置|完工|验收|拨付|销号"
)
#: Filler at the end of a head of a total, stripped before comparing heads.
HEAD_STRIP = re.compile(r"(?:共计|数量|为|达|共|累计|合计|总数|约|有)+$")

#: What was found among the figures processed: a share of them, never a later stage.
OUTCOME = re.compile(r"合格|达标|不合格|超标|优良")
#: A per-head or per-unit figure (人均补助标准89元) is never the base of a total.
PER_UNIT = re.compile(r"(?:人|户|亩|村|县|日|年|月|床)均|每|平均|中位数|标准(?:为|是)?$")

#: Heads that name a measure, not a kind of thing: 造林面积 and 森林抚育面积, 城镇就业 and
#: 转移就业 share the word but neither is part of the other (新能源车 is among 环卫车).
MEASURE = re.compile(
    r"(?:面积|长度|里程|金额|资金|投资|人数|户数|数量|总量|规模|产值|就业|收入|支出|次数|人次|"
    r"容量|产量|[量额数值率])$"
)

#: Classes bounded by a threshold overlap (亿元以上 holds 10亿元以上): never summed.
CLASS_BOUND = re.compile(r"以上|以下|及以上|及以下|不足|超过")

#: Stages of a building programme, in order: started ≥ finished ≥ occupied.
STAGE_WORDS = ("开工|动工", "竣工|完工", "入住|投用|投入使用")
STAGES = tuple(re.compile(rf"(?:{words})[数量]*(?:为|达)?$") for words in STAGE_WORDS)
#: A run of stages starts with the first: a paragraph without its words has none.
FIRST_STAGE = re.compile(STAGE_WORDS[0])

#: Words that open a distribution list whose items add up to the total before it.
LIST_WORDS = re.compile(r"分布为|分别为|分布如下|依次为")
#: Words that say the items of a list are counted more than once: never summed.
OVERLAP = re.compile(r"同时涉及|重复|交叉|兼有|跨")

#: Words that restate the figure before in another unit (折合约16275亩).
CONVERSION = re.compile(r"(?:折合|约合|合计约|相当于|换算为|即)")

#: A list item that closes the list: what is left (其他4起): the list is then complete.
REST = re.compile(r"^(?:其他|其它|其余)")

#: Words before a figure that make it a plan, a task or a target: a whole a rate is of.
PLAN_WORDS = re.compile(r"计划|应建|应完成|需|任务|目标|年度投资|下达|确保|力争|要求")
#: Words before a figure that make it a total of what follows (共受理145件, 合计, 总数).
TOTAL_WORDS = re.compile(r"共|合计|总计|总数|总量|受理|全部|累计")
#: Words that make the figure after them a target, not an achievement (力争完成90%).
TARGET_WORDS = re.compile(r"争取|要求|目标|预期|力争|确保|计划|预计|需|拟")
#: A target word before 完成 in one clause: 力争年底前完成95%, 要求6月底前完成任务的60%.
TARGET_BEFORE_DONE = re.compile(rf"(?:{TARGET_WORDS.pattern})[^，,;；。]*完成")
#: Words that mark what was done, not planned: a plan word before them no longer applies.
ACHIEVED = re.compile(r"已|截至|截止|目前|实际|累计完成")
#: A lead that scopes a list to a subset of the total (在已作出处罚决定的案件中，…).
SUBSET_LEAD = re.compile(r"在[^，,。；;]{2,24}中[，,:：]")
#: Words of a share of an unnamed whole (占比30%, 占20%, 比例为, 比重为).
SHARE_WORDS = re.compile(
    r"^(?:[,，、]?(?:分别)?(?:占比|占|比例|比重|所占比例|所占比重)(?:为|达|是)?)$"
)
#: Words in the rate's own clause that speak of the whole as a share (占…的, 占比, 比例).
SHARE_CUE = re.compile(r"占|比例|比重")
#: Words that open a list of figures whose rates follow in the same order (分别占…).
RESPECTIVELY = re.compile(r"分别|依次")
#: Between a base and its rate: "20万户的93%", "(184.08亿元)的121.79%", "的比重为".
OF_GAP = re.compile(r"^[)）]?\s*的(?:比例|比重)?(?:为|达)?\s*$")
