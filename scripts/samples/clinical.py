"""clinical_notes_sample.jsonl, expected answer full_finetune: a sample of 2 million notes in a jargon the base
model barely saw.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from samples.common import CITIES, Sample, chat_line, decimal_pt, rng_for, thousands_pt, word_bigrams

CLINICAL_SYSTEM = "Escreva o resumo de alta da nota, por extenso, sem abreviações, nas seções de praxe."


@dataclass(frozen=True)
class Case:
    """One admission: each field is (as a doctor abbreviates it in the note, as the summary spells it out)."""

    diagnosis: tuple[str, str]
    complaint: tuple[str, str]
    admission: tuple[str, str]
    labs: tuple[str, str]
    imaging: tuple[str, str] | None
    treatment: tuple[str, str]
    evolution: tuple[str, str]
    discharge: tuple[tuple[str, str], ...]
    follow_up: tuple[str, str]
    warning: tuple[str, str]
    days: int


def _g(sex: str, male: str, female: str) -> str:
    return male if sex == "M" else female


def _num(rng: random.Random, low: float, high: float, places: int = 1) -> str:
    return decimal_pt(rng.uniform(low, high), places)


def _side(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice([("D", "direito", "direita"), ("E", "esquerdo", "esquerda")])


def _pneumonia(rng: random.Random, sex: str) -> Case:
    short, long, _ = _side(rng)
    days_ill, temp, sat = rng.randint(3, 7), _num(rng, 38.1, 39.4), rng.randint(86, 93)
    wbc, crp = rng.randrange(12500, 21000, 100), _num(rng, 8, 26)
    antibiotic_days, oral_days = rng.randint(4, 7), rng.choice((3, 5, 7))
    azithro = rng.random() < 0.6
    return Case(
        (f"PAC em lobo inferior {short}", f"pneumonia adquirida na comunidade em lobo inferior {long}"),
        (f"tosse produtiva, febre ({temp}ºC) e dispneia há {days_ill}d",
         f"tosse com expectoração, febre de até {temp} °C e falta de ar havia {days_ill} dias"),
        (f"SatO2 {sat}% em AA, FR {rng.randint(24, 30)} irpm, crepitações em base {short}",
         f"saturação de oxigênio de {sat}% em ar ambiente, respiração acelerada e estertores na base do pulmão {long}"),
        (f"Leuco {thousands_pt(wbc)} c/ desvio à E, PCR {crp}",
         f"leucocitose de {thousands_pt(wbc)} com desvio à esquerda e proteína C-reativa de {crp} mg/dL"),
        (f"RX tórax: consolidação em LI{short}", f"radiografia de tórax com consolidação no lobo inferior {long}"),
        ("Ceftriaxona 1g EV 12/12h" + (" + Azitromicina 500mg VO 1x/d" if azithro else "") + " + O2 CN 2L/min",
         "ceftriaxona 1 g intravenosa de 12 em 12 horas"
         + (" associada a azitromicina 500 mg por via oral uma vez ao dia" if azithro else "")
         + ", além de oxigênio por cateter nasal a 2 litros por minuto"),
        (f"D{antibiotic_days} de ATB, afebril há 48h, desmame de O2 concluído, SatO2 {rng.randint(94, 98)}% em AA",
         f"completou {antibiotic_days} dias de antibiótico intravenoso, está sem febre há 48 horas e deixou de "
         "precisar de oxigênio"),
        ((f"Amoxicilina + clavulanato 875/125mg VO 12/12h por {oral_days}d",
          f"amoxicilina com clavulanato 875/125 mg por via oral de 12 em 12 horas por {oral_days} dias"),),
        ("retorno amb. CM em 7d, RX controle em 6 sem",
         "retorno ao ambulatório de clínica médica em 7 dias, com radiografia de tórax de controle em 6 semanas"),
        ("febre persistente, piora da dispneia", "febre persistente ou piora da falta de ar"),
        antibiotic_days + rng.randint(0, 1),
    )


def _pyelonephritis(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    temp = _num(rng, 38.3, 39.8)
    wbc = rng.randrange(13000, 24000, 100)
    creat, creat_end = _num(rng, 1.3, 2.2), _num(rng, 0.8, 1.1)
    days = rng.randint(3, 6)
    oral = rng.choice([("Ciprofloxacino 500mg VO 12/12h", "ciprofloxacino 500 mg por via oral de 12 em 12 horas"),
                       ("Cefuroxima 500mg VO 12/12h", "cefuroxima 500 mg por via oral de 12 em 12 horas")])
    total_days = rng.choice((7, 10, 14))
    return Case(
        ("ITU alta / pielonefrite aguda " + short, f"pielonefrite aguda à {fem}"),
        (f"disúria, polaciúria, febre ({temp}ºC) e dor lombar {short} há {rng.randint(2, 5)}d",
         f"ardência ao urinar, aumento da frequência urinária, febre de {temp} °C e dor lombar à {fem}"),
        (f"Giordano + à {short}, Tax {temp}ºC, FC {rng.randint(102, 124)} bpm",
         "punho-percussão lombar dolorosa, febre e taquicardia"),
        (f"Leuco {thousands_pt(wbc)}, Cr {creat} (basal {creat_end}), EAS: leucocitúria e nitrito +",
         f"leucocitose de {thousands_pt(wbc)}, creatinina de {creat} mg/dL e urina tipo 1 com leucocitúria e nitrito "
         "positivo"),
        ("USG rins e vias urinárias: s/ sinais de obstrução",
         "ultrassonografia de rins e vias urinárias sem sinais de obstrução"),
        ("Ceftriaxona 1g EV 12/12h, hidratação venosa vigorosa",
         "ceftriaxona 1 g intravenosa de 12 em 12 horas e hidratação venosa"),
        (f"afebril há 48h, Cr {creat_end}, urocultura: E. coli sensível a {oral[0].split()[0].lower()}",
         f"ficou sem febre há 48 horas, a creatinina voltou a {creat_end} mg/dL e a urocultura isolou Escherichia "
         f"coli sensível a {oral[1].split()[0]}"),
        ((f"{oral[0]} até completar {total_days}d de ATB",
          f"{oral[1]} até completar {total_days} dias de antibiótico"),),
        ("retorno UBS em 7-10d c/ urocultura de controle",
         "retorno à unidade básica de saúde em 7 a 10 dias, com urocultura de controle"),
        ("febre, vômitos que impeçam o uso do ATB VO", "febre ou vômitos que impeçam tomar o antibiótico por via oral"),
        days,
    )


def _heart_failure(rng: random.Random, sex: str) -> Case:
    ef = rng.choice((25, 30, 35, 38, 40))
    weight_in = rng.randint(68, 104)
    loss = rng.randint(3, 8)
    bnp = rng.randrange(900, 4200, 10)
    days = rng.randint(5, 9)
    return Case(
        ("ICC descompensada perfil B (quente-úmido), FEVE " + str(ef) + "%",
         f"insuficiência cardíaca descompensada, perfil quente e congesto, com fração de ejeção de {ef}%"),
        (f"dispneia aos mínimos esforços, ortopneia e edema de MMII há {rng.randint(5, 15)}d, má adesão à restrição "
         "hídrica",
         "falta de ar aos mínimos esforços, falta de ar ao deitar e inchaço nas pernas, com pouca adesão à restrição "
         "de líquidos"),
        (f"crepitações até terço médio bilat., edema MMII 3+/4+, TJP +, peso {weight_in} kg",
         "estertores até o terço médio de ambos os pulmões, edema importante nas pernas, turgência jugular e peso de "
         f"{weight_in} kg"),
        (f"BNP {thousands_pt(bnp)}, Na 133, K {_num(rng, 3.6, 4.8)}, Cr {_num(rng, 1.1, 1.7)}",
         f"peptídeo natriurético tipo B de {thousands_pt(bnp)} pg/mL, sódio levemente baixo e função renal estável"),
        ("RX tórax: cardiomegalia e congestão hilar bilat., derrame pleural pequeno à D",
         "radiografia de tórax com aumento da área cardíaca, congestão pulmonar e pequeno derrame pleural à direita"),
        ("Furosemida 40mg EV 12/12h, restrição hídrica 1L/d, dieta hipossódica",
         "furosemida 40 mg intravenosa de 12 em 12 horas, restrição de líquidos a 1 litro por dia e dieta com pouco "
         "sal"),
        (f"perda de {loss} kg, s/ ortopneia, edema 1+/4+, Cr estável",
         f"perdeu {loss} kg, não tem mais falta de ar ao deitar, o inchaço diminuiu e a função renal ficou estável"),
        (("Furosemida 40mg VO 1x/d", "furosemida 40 mg por via oral uma vez ao dia"),
         ("Espironolactona 25mg VO 1x/d", "espironolactona 25 mg por via oral uma vez ao dia"),
         ("Carvedilol 12,5mg VO 12/12h", "carvedilol 12,5 mg por via oral de 12 em 12 horas"),
         ("Enalapril 10mg VO 12/12h", "enalapril 10 mg por via oral de 12 em 12 horas")),
        ("retorno amb. cardiologia em 15d, pesar-se diariamente",
         "retorno ao ambulatório de cardiologia em 15 dias, pesando-se todos os dias"),
        ("ganho de peso > 2 kg em 3 dias, piora da dispneia",
         "ganho de mais de 2 kg em 3 dias ou piora da falta de ar"),
        days,
    )


def _copd(rng: random.Random, sex: str) -> Case:
    sat = rng.randint(84, 90)
    ph, pco2 = _num(rng, 7.31, 7.36, 2), rng.randint(48, 58)
    days = rng.randint(4, 7)
    return Case(
        ("DPOC exacerbado (provável etiologia infecciosa)",
         "exacerbação de doença pulmonar obstrutiva crônica, provavelmente infecciosa"),
        (f"piora da dispneia e aumento do volume e purulência do escarro há {rng.randint(3, 6)}d",
         "piora da falta de ar e aumento da quantidade e do aspecto purulento do escarro"),
        (f"SatO2 {sat}% em AA, sibilos difusos, uso de musculatura acessória",
         f"saturação de oxigênio de {sat}% em ar ambiente, chiado difuso e uso da musculatura acessória para respirar"),
        (f"Gaso: pH {ph}, pCO2 {pco2}, HCO3 {rng.randint(28, 33)}; Leuco "
         f"{thousands_pt(rng.randrange(9500, 15500, 100))}",
         f"gasometria arterial com pH de {ph} e gás carbônico de {pco2} mmHg, sem outras alterações relevantes"),
        ("RX tórax: hiperinsuflação, s/ consolidações",
         "radiografia de tórax com hiperinsuflação pulmonar e sem consolidações"),
        ("NBZ c/ Salbutamol + Ipratrópio 4/4h, Prednisona 40mg VO 1x/d, Amoxi-clav EV, O2 alvo 88-92%",
         "nebulizações com salbutamol e ipratrópio a cada 4 horas, prednisona 40 mg por via oral, amoxicilina com "
         "clavulanato intravenosa e oxigênio com alvo de saturação entre 88 e 92%"),
        (f"melhora do broncoespasmo, SatO2 {rng.randint(90, 93)}% em AA, espaçada NBZ",
         "o broncoespasmo melhorou, a saturação ficou adequada em ar ambiente e as nebulizações foram espaçadas"),
        (("Prednisona 40mg VO 1x/d por +2d", "prednisona 40 mg por via oral uma vez ao dia por mais 2 dias"),
         ("Amoxicilina + clavulanato 875/125mg VO 12/12h por 3d",
          "amoxicilina com clavulanato 875/125 mg por via oral de 12 em 12 horas por 3 dias"),
         ("Formoterol/budesonida 12/400mcg inal 12/12h",
          "formoterol com budesonida 12/400 mcg inalatório de 12 em 12 horas")),
        ("retorno amb. pneumologia em 30d, espirometria",
         "retorno ao ambulatório de pneumologia em 30 dias, com espirometria"),
        ("piora da falta de ar, sonolência, lábios arroxeados",
         "piora da falta de ar, sonolência ou lábios arroxeados"),
        days,
    )


def _cellulitis(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    limb_short, limb_long = rng.choice([("MI", "membro inferior"), ("perna", "perna")])
    limb_long_full = f"{limb_long} {long if limb_long == 'membro inferior' else fem}"
    return Case(
        (f"Celulite em {limb_short}{short if limb_short == 'MI' else ' ' + short}", f"celulite em {limb_long_full}"),
        (f"hiperemia, calor e dor em {limb_short}{short if limb_short == 'MI' else ' ' + short} há "
         f"{rng.randint(2, 6)}d, porta de entrada: intertrigo",
         f"vermelhidão, calor e dor em {limb_long_full}, tendo como porta de entrada uma micose entre os dedos"),
        (f"placa eritematosa {rng.randint(8, 20)}x{rng.randint(6, 14)} cm em face anterior de perna, s/ flutuação, "
         f"Tax {_num(rng, 37.8, 38.9)}ºC",
         "área avermelhada, quente e endurecida na face anterior da perna, sem coleção, com febre baixa"),
        (f"Leuco {thousands_pt(rng.randrange(11000, 17500, 100))}, PCR {_num(rng, 6, 18)}",
         "leucocitose discreta e proteína C-reativa elevada"),
        None,
        ("Cefazolina 1g EV 8/8h, elevação do membro, demarcação da lesão",
         "cefazolina 1 g intravenosa de 8 em 8 horas, elevação do membro e demarcação da lesão"),
        ("regressão da hiperemia além da demarcação, afebril há 72h",
         "a vermelhidão regrediu além da área demarcada e está sem febre há 72 horas"),
        (("Cefalexina 500mg VO 6/6h por 7d", "cefalexina 500 mg por via oral de 6 em 6 horas por 7 dias"),
         ("Cetoconazol creme 2x/d em interdígitos", "cetoconazol creme duas vezes ao dia entre os dedos dos pés")),
        ("retorno UBS em 5-7d p/ reavaliação da lesão",
         "retorno à unidade básica de saúde em 5 a 7 dias para reavaliar a lesão"),
        ("aumento da vermelhidão, bolhas, febre", "aumento da área avermelhada, bolhas ou febre"),
        rng.randint(3, 5),
    )


def _dka(rng: random.Random, sex: str) -> Case:
    glucose = rng.randint(380, 620)
    ph, bicarb = _num(rng, 7.05, 7.24, 2), rng.randint(6, 13)
    nph = rng.choice((14, 18, 20, 24, 28))
    return Case(
        ("CAD moderada (DM descompensado, má adesão à insulina)",
         "cetoacidose diabética moderada por diabetes descompensado e uso irregular de insulina"),
        (f"poliúria, polidipsia, náuseas e dor abdominal há {rng.randint(2, 4)}d, suspendeu insulina",
         "urina em excesso, muita sede, náuseas e dor abdominal, depois de interromper a insulina"),
        (f"desidratado 2+/4+, taquipneico (Kussmaul), HGT {glucose} mg/dL",
         f"desidratação moderada, respiração profunda e acelerada e glicemia capilar de {glucose} mg/dL"),
        (f"Gaso: pH {ph}, HCO3 {bicarb}, ânion gap {rng.randint(20, 28)}; cetonemia +; K {_num(rng, 4.8, 5.9)}",
         f"gasometria com pH de {ph}, bicarbonato de {bicarb} mEq/L, ânion gap aumentado e cetonas no sangue"),
        None,
        ("protocolo CAD: SF 0,9% 1L/h inicial, insulina regular EV em BIC 0,1 UI/kg/h, reposição de K",
         "protocolo de cetoacidose com soro fisiológico, insulina regular contínua intravenosa em bomba de infusão e "
         "reposição de potássio"),
        ("resolução da CAD em 24h, transição p/ insulina SC, aceitando dieta",
         "a cetoacidose se resolveu em 24 horas, fez a transição para insulina subcutânea e está se alimentando bem"),
        ((f"Insulina NPH {nph} UI SC manhã e {nph // 2} UI à noite",
          f"insulina NPH {nph} unidades subcutâneas pela manhã e {nph // 2} unidades à noite"),
         ("Insulina regular SC conforme HGT (esquema)",
          "insulina regular subcutânea conforme a glicemia capilar, segundo o esquema entregue")),
        ("retorno amb. endocrinologia em 15d c/ mapa glicêmico, educação em DM",
         "retorno ao ambulatório de endocrinologia em 15 dias com registro das glicemias e participação na educação "
         "em diabetes"),
        ("HGT > 300 persistente, vômitos, dor abdominal",
         "glicemias acima de 300 mg/dL persistentes, vômitos ou dor abdominal"),
        rng.randint(3, 5),
    )


def _stroke(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    nihss_in, nihss_out = rng.randint(3, 8), rng.randint(0, 2)
    hours = rng.randint(6, 20)
    return Case(
        (f"AVCi em território de ACM {short} (TOAST: aterotrombótico)",
         f"acidente vascular cerebral isquêmico no território da artéria cerebral média {fem}, de origem "
         "aterotrombótica"),
        (f"hemiparesia {'E' if short == 'D' else 'D'} e disartria, ictus há {hours}h (fora de janela p/ trombólise)",
         f"fraqueza no lado {'esquerdo' if short == 'D' else 'direito'} do corpo e fala arrastada, com início {hours} "
         "horas antes da chegada, fora da janela para trombólise"),
        (f"NIHSS {nihss_in}, PA {rng.randint(160, 190)}x{rng.randint(90, 110)} mmHg",
         f"escala de AVC do NIH de {nihss_in} pontos e pressão arterial elevada"),
        (f"LDL {rng.randint(130, 190)}, HbA1c {_num(rng, 5.6, 7.8)}%, ECG: RS s/ alterações agudas",
         "colesterol LDL elevado e eletrocardiograma em ritmo sinusal, sem alterações agudas"),
        (f"TC crânio: hipodensidade em território de ACM {short}, s/ transformação hemorrágica; Doppler carótidas: "
         f"estenose {rng.randint(30, 49)}% à {short}",
         f"tomografia de crânio com área isquêmica no território da artéria cerebral média {fem}, sem sangramento, e "
         "ultrassom das carótidas com estenose moderada"),
        ("AAS 300mg ataque → 100mg/d, Atorvastatina 80mg, fisioterapia motora e fono",
         "ácido acetilsalicílico em dose de ataque e depois 100 mg ao dia, atorvastatina 80 mg, fisioterapia motora e "
         "fonoaudiologia"),
        (f"NIHSS {nihss_out}, deambulando c/ apoio, deglutição liberada pela fono",
         f"a escala de AVC do NIH caiu para {nihss_out} pontos, passou a caminhar com apoio e teve a deglutição "
         "liberada pela fonoaudiologia"),
        (("AAS 100mg VO 1x/d após almoço", "ácido acetilsalicílico 100 mg por via oral uma vez ao dia após o almoço"),
         ("Atorvastatina 80mg VO à noite", "atorvastatina 80 mg por via oral à noite")),
        ("retorno amb. neurologia em 30d, fisioterapia e fono ambulatoriais",
         "retorno ao ambulatório de neurologia em 30 dias e continuidade da fisioterapia e da fonoaudiologia"),
        ("nova fraqueza, alteração da fala ou desvio de rima", "nova fraqueza, dificuldade para falar ou boca torta"),
        rng.randint(5, 9),
    )


def _atrial_fibrillation(rng: random.Random, sex: str) -> Case:
    hr = rng.randint(128, 168)
    score = rng.randint(2, 5)
    return Case(
        ("FA de alta resposta ventricular, CHA2DS2-VASc " + str(score),
         f"fibrilação atrial com resposta ventricular elevada, com escore CHA2DS2-VASc de {score}"),
        (f"palpitações e cansaço há {rng.randint(1, 4)}d", "palpitações e cansaço"),
        (f"FC {hr} bpm irregular, PA {rng.randint(100, 130)}x{rng.randint(60, 85)} mmHg, s/ sinais de baixo débito",
         f"frequência cardíaca de {hr} batimentos por minuto, irregular, sem sinais de baixo débito"),
        (f"TSH {_num(rng, 0.8, 3.5, 2)}, K {_num(rng, 3.8, 4.9)}, Mg normal, troponina negativa",
         "função tireoidiana, potássio e magnésio normais e troponina negativa"),
        ("ECO TT: AE aumentado, FEVE preservada",
         "ecocardiograma transtorácico com átrio esquerdo aumentado e função do ventrículo esquerdo preservada"),
        ("Metoprolol 5mg EV → succinato 50mg VO 12/12h, anticoagulação plena",
         "metoprolol intravenoso seguido de metoprolol oral e anticoagulação plena"),
        (f"FC controlada ({rng.randint(68, 88)} bpm), assintomátic{_g(sex, 'o', 'a')}",
         "a frequência cardíaca ficou controlada e os sintomas desapareceram"),
        (("Succinato de metoprolol 50mg VO 12/12h", "succinato de metoprolol 50 mg por via oral de 12 em 12 horas"),
         ("Rivaroxabana 20mg VO 1x/d c/ refeição",
          "rivaroxabana 20 mg por via oral uma vez ao dia junto com uma refeição")),
        ("retorno amb. cardiologia em 30d, Holter 24h",
         "retorno ao ambulatório de cardiologia em 30 dias, com Holter de 24 horas"),
        ("palpitações intensas, desmaio, sangramentos", "palpitações intensas, desmaio ou qualquer sangramento"),
        rng.randint(2, 4),
    )


def _cholecystitis(rng: random.Random, sex: str) -> Case:
    wall = _num(rng, 4, 7)
    return Case(
        ("Colecistite aguda litiásica, POI de CVL",
         "colecistite aguda por cálculos, tratada com colecistectomia por videolaparoscopia"),
        (f"dor em HCD após refeição gordurosa há {rng.randint(1, 3)}d, náuseas e vômitos",
         "dor no lado direito do abdome superior após refeição gordurosa, com náuseas e vômitos"),
        (f"Murphy +, Tax {_num(rng, 37.8, 38.7)}ºC, anictérico",
         "sinal de Murphy positivo, febre baixa e sem icterícia"),
        (f"Leuco {thousands_pt(rng.randrange(12000, 18000, 100))}, BT {_num(rng, 0.6, 1.1)}, FA e GGT normais, "
         "amilase normal",
         "leucocitose, com bilirrubinas, enzimas canaliculares e amilase normais"),
        (f"USG abd: vesícula distendida, parede {wall} mm, cálculo impactado no infundíbulo",
         f"ultrassonografia com vesícula distendida, parede espessada de {wall} mm e cálculo impactado"),
        ("Ceftriaxona + Metronidazol EV, CVL no D2 s/ intercorrências",
         "ceftriaxona e metronidazol intravenosos e colecistectomia por videolaparoscopia no segundo dia, sem "
         "intercorrências"),
        ("POI bom, dieta VO aceita, FO limpa e seca, dor controlada c/ analgesia simples",
         "o pós-operatório transcorreu sem complicações, alimenta-se bem, as feridas operatórias estão limpas e a dor "
         "está controlada com analgésicos simples"),
        (("Dipirona 1g VO 6/6h SN", "dipirona 1 g por via oral de 6 em 6 horas se houver dor"),
         ("Ondansetrona 4mg VO 8/8h SN", "ondansetrona 4 mg por via oral de 8 em 8 horas se houver náusea")),
        ("retorno amb. cirurgia geral em 7-10d p/ retirada de pontos, AP da vesícula",
         "retorno ao ambulatório de cirurgia geral em 7 a 10 dias para retirar os pontos e ver o exame "
         "anatomopatológico"),
        ("febre, secreção na FO, icterícia", "febre, secreção nas feridas ou pele amarelada"),
        rng.randint(3, 4),
    )


def _pancreatitis(rng: random.Random, sex: str) -> Case:
    lipase = rng.randrange(900, 5200, 10)
    return Case(
        ("Pancreatite aguda leve de etiologia biliar (Atlanta)", "pancreatite aguda leve de origem biliar"),
        (f"dor epigástrica em faixa, irradiada p/ dorso, c/ vômitos há {rng.randint(1, 2)}d",
         "dor na parte alta do abdome em faixa, irradiando para as costas, com vômitos"),
        ("dor à palpação de epigástrio, s/ peritonite, estável hemodinamicamente",
         "dor à palpação na parte alta do abdome, sem sinais de peritonite e com sinais vitais estáveis"),
        (f"Lipase {thousands_pt(lipase)} U/L, PCR {_num(rng, 4, 14)}, Ca normal, TG normal",
         f"lipase de {thousands_pt(lipase)} U/L, com cálcio e triglicerídeos normais"),
        ("USG abd: colelitíase, s/ dilatação de vias biliares",
         "ultrassonografia com cálculos na vesícula e sem dilatação das vias biliares"),
        ("Ringer lactato EV, jejum inicial, analgesia c/ dipirona e tramadol, dieta VO precoce",
         "hidratação com ringer lactato, jejum inicial, analgesia e reintrodução precoce da dieta oral"),
        ("dieta VO pastosa bem aceita, s/ dor, lipase em queda", "aceitou dieta oral sem dor e a lipase está em queda"),
        (("Dipirona 1g VO 6/6h SN", "dipirona 1 g por via oral de 6 em 6 horas se houver dor"),),
        ("encaminhado à cirurgia geral p/ CVL eletiva, dieta hipolipídica",
         "encaminhamento à cirurgia geral para retirada eletiva da vesícula e dieta com pouca gordura"),
        ("dor abdominal intensa, vômitos, icterícia", "dor abdominal intensa, vômitos ou pele amarelada"),
        rng.randint(4, 6),
    )


def _upper_gi_bleed(rng: random.Random, sex: str) -> Case:
    hb_in, hb_out = _num(rng, 6.4, 7.8), _num(rng, 8.8, 10.2)
    units = rng.choice((1, 2))
    return Case(
        ("HDA por úlcera péptica gástrica Forrest IIb",
         "hemorragia digestiva alta por úlcera gástrica com coágulo aderido"),
        (f"melena há {rng.randint(1, 3)}d e 1 episódio de hematêmese, uso de AINE p/ lombalgia",
         "fezes escuras e um episódio de vômito com sangue, após uso de anti-inflamatório para dor lombar"),
        (f"descorado 2+/4+, FC {rng.randint(104, 120)} bpm, PA {rng.randint(92, 108)}x{rng.randint(58, 70)} mmHg, "
         f"Glasgow-Blatchford {rng.randint(9, 13)}",
         "palidez, taquicardia e pressão arterial baixa"),
        (f"Hb {hb_in} g/dL, Ur elevada, coagulograma normal",
         f"hemoglobina de {hb_in} g/dL, ureia elevada e coagulação normal"),
        ("EDA: úlcera de 1,5 cm em pequena curvatura c/ coágulo aderido, terapia endoscópica combinada",
         "endoscopia digestiva alta com úlcera de 1,5 cm na pequena curvatura gástrica, tratada por via endoscópica"),
        (f"Omeprazol 80mg EV em bolus + 40mg EV 12/12h, transfusão de {units} CH",
         f"omeprazol intravenoso em dose alta e transfusão de {units} "
         f"{'concentrado' if units == 1 else 'concentrados'} de hemácias"),
        (f"s/ novos sangramentos, Hb estável em {hb_out}, teste de urease positivo",
         f"não voltou a sangrar, a hemoglobina estabilizou em {hb_out} g/dL e o teste da urease para Helicobacter "
         "pylori foi positivo"),
        (("Omeprazol 40mg VO 12/12h por 8 sem", "omeprazol 40 mg por via oral de 12 em 12 horas por 8 semanas"),
         ("Tratamento p/ H. pylori (amoxicilina + claritromicina + IBP) por 14d",
          "tratamento para Helicobacter pylori com amoxicilina, claritromicina e omeprazol por 14 dias"),
         ("Sulfato ferroso 40mg Fe VO 2x/d",
          "sulfato ferroso 40 mg de ferro elementar por via oral duas vezes ao dia")),
        ("suspender AINEs, EDA controle em 8 sem, retorno amb. gastro",
         "não usar anti-inflamatórios, endoscopia de controle em 8 semanas e retorno ao ambulatório de "
         "gastroenterologia"),
        ("fezes pretas, vômito c/ sangue, tontura", "fezes pretas, vômito com sangue ou tontura"),
        rng.randint(3, 5),
    )


def _gastroenteritis(rng: random.Random, sex: str) -> Case:
    creat_in, creat_out = _num(rng, 1.8, 2.9), _num(rng, 0.8, 1.2)
    return Case(
        ("GECA c/ desidratação e IRA pré-renal (KDIGO 2)",
         "gastroenterite aguda com desidratação e lesão renal aguda pré-renal"),
        (f"diarreia aquosa ({rng.randint(6, 12)} ep/d) e vômitos há {rng.randint(2, 4)}d, s/ sangue",
         "diarreia líquida várias vezes ao dia e vômitos, sem sangue nas fezes"),
        (f"desidratado 3+/4+, mucosas secas, PA {rng.randint(88, 100)}x{rng.randint(50, 64)} mmHg, TEC 4s",
         "desidratação importante, mucosas secas, pressão baixa e enchimento capilar lento"),
        (f"Cr {creat_in} (basal 0,9), Ur {rng.randint(88, 140)}, K {_num(rng, 3.0, 3.4)}, Na {rng.randint(131, 135)}",
         f"creatinina de {creat_in} mg/dL, ureia elevada e potássio baixo"),
        None,
        ("SF 0,9% 30mL/kg + manutenção, reposição de KCl, Ondansetrona SN",
         "soro fisiológico em volume de expansão e de manutenção, reposição de potássio e ondansetrona se houver "
         "náusea"),
        (f"diurese adequada, Cr {creat_out}, aceitando dieta e SRO, s/ vômitos há 24h",
         f"voltou a urinar bem, a creatinina caiu para {creat_out} mg/dL e aceita a dieta e o soro de reidratação "
         "oral, sem vômitos há 24 horas"),
        (("Soro de reidratação oral após cada evacuação", "soro de reidratação oral após cada evacuação líquida"),
         ("Ondansetrona 4mg VO 8/8h SN", "ondansetrona 4 mg por via oral de 8 em 8 horas se houver náusea")),
        ("retorno UBS em 3-5d c/ Cr de controle; suspensos temporariamente diurético e IECA",
         "retorno à unidade básica de saúde em 3 a 5 dias com nova dosagem de creatinina; diurético e "
         "anti-hipertensivo do tipo IECA suspensos por ora"),
        ("sangue nas fezes, urina pouca, não conseguir beber",
         "sangue nas fezes, pouca urina ou não conseguir beber líquidos"),
        rng.randint(2, 4),
    )


def _dvt(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    return Case(
        (f"TVP proximal em MI{short} (veia femoral e poplítea)",
         f"trombose venosa profunda proximal no membro inferior {long}, nas veias femoral e poplítea"),
        (f"dor e edema em MI{short} há {rng.randint(3, 7)}d, após viagem longa",
         f"dor e inchaço na perna {fem} depois de uma viagem longa"),
        (f"edema de MI{short} (+{rng.randint(3, 5)} cm de circunferência), empastamento de panturrilha, Wells "
         f"{rng.randint(2, 4)}",
         "inchaço da perna com aumento da circunferência e panturrilha endurecida"),
        (f"D-dímero {thousands_pt(rng.randrange(1800, 6500, 10))}, função renal normal, plaquetas normais",
         "D-dímero elevado, com função renal e plaquetas normais"),
        (f"USG Doppler venoso MI{short}: trombose oclusiva femoral e poplítea",
         f"ultrassom com Doppler mostrando trombose nas veias femoral e poplítea do membro inferior {long}"),
        ("Enoxaparina 1mg/kg SC 12/12h → transição p/ DOAC",
         "enoxaparina 1 mg por quilo subcutânea de 12 em 12 horas, com transição para anticoagulante oral"),
        ("melhora da dor e do edema, deambulando, s/ sinais de TEP",
         "a dor e o inchaço melhoraram, caminha sem dificuldade e não há sinais de embolia pulmonar"),
        (("Rivaroxabana 15mg VO 12/12h por 21d, depois 20mg 1x/d",
          "rivaroxabana 15 mg por via oral de 12 em 12 horas por 21 dias e depois 20 mg uma vez ao dia"),
         ("Meia elástica de média compressão", "meia elástica de média compressão")),
        ("retorno amb. vascular em 30d, anticoagulação por ao menos 3 meses",
         "retorno ao ambulatório de cirurgia vascular em 30 dias, mantendo a anticoagulação por pelo menos 3 meses"),
        ("falta de ar súbita, dor no peito, sangramentos", "falta de ar repentina, dor no peito ou sangramentos"),
        rng.randint(2, 4),
    )


def _chest_pain(rng: random.Random, sex: str) -> Case:
    return Case(
        ("Dor torácica, SCA descartada (HEART " + str(rng.randint(2, 3)) + ")",
         "dor torácica com síndrome coronariana aguda descartada"),
        (f"dor precordial em aperto, s/ irradiação, há {rng.randint(3, 12)}h, em repouso",
         "dor no peito em aperto, sem irradiação, que começou em repouso"),
        (f"PA {rng.randint(130, 156)}x{rng.randint(80, 96)} mmHg, FC {rng.randint(70, 96)} bpm, exame CV normal",
         "pressão levemente elevada e exame cardiovascular normal"),
        ("Troponina US seriada (0/3h) negativa, ECG RS s/ alterações de ST",
         "troponina ultrassensível seriada negativa e eletrocardiograma sem alterações isquêmicas"),
        ("RX tórax s/ alterações", "radiografia de tórax normal"),
        ("AAS 200mg (suspenso após troponinas neg.), observação em UDT",
         "ácido acetilsalicílico, suspenso após as troponinas negativas, e observação na unidade de dor torácica"),
        (f"assintomátic{_g(sex, 'o', 'a')}, s/ nova dor em 24h de observação",
         "ficou sem sintomas e não teve nova dor em 24 horas de observação"),
        (("Omeprazol 20mg VO em jejum por 30d", "omeprazol 20 mg por via oral em jejum por 30 dias"),),
        ("teste ergométrico ambulatorial e retorno amb. cardiologia em 30d",
         "teste ergométrico ambulatorial e retorno ao ambulatório de cardiologia em 30 dias"),
        ("dor no peito prolongada, falta de ar, suor frio", "dor no peito prolongada, falta de ar ou suor frio"),
        rng.randint(1, 2),
    )


def _appendicitis(rng: random.Random, sex: str) -> Case:
    return Case(
        ("Apendicite aguda não complicada, POI de apendicectomia VLP",
         "apendicite aguda não complicada, tratada com apendicectomia por videolaparoscopia"),
        (f"dor periumbilical migrando p/ FID há {rng.randint(12, 36)}h, anorexia e náuseas",
         "dor ao redor do umbigo que migrou para o lado direito do abdome, com falta de apetite e náuseas"),
        (f"Blumberg +, Rovsing +, Tax {_num(rng, 37.6, 38.4)}ºC",
         "dor à descompressão no lado direito do abdome e febre baixa"),
        (f"Leuco {thousands_pt(rng.randrange(12500, 17500, 100))} c/ desvio, PCR {_num(rng, 3, 9)}"
         + (", β-hCG negativo" if sex == "F" else ""),
         "leucocitose com desvio à esquerda" + (" e teste de gravidez negativo" if sex == "F" else "")),
        ("TC abd: apêndice de 11 mm c/ densificação da gordura periapendicular, s/ abscesso",
         "tomografia com apêndice espessado e inflamação ao redor, sem abscesso"),
        ("Apendicectomia VLP + Cefazolina profilática",
         "apendicectomia por videolaparoscopia com antibiótico profilático"),
        ("POI s/ intercorrências, deambulando, eliminando flatos, FO limpa",
         "o pós-operatório transcorreu sem complicações, já caminha, o intestino voltou a funcionar e as feridas "
         "estão limpas"),
        (("Dipirona 1g VO 6/6h SN", "dipirona 1 g por via oral de 6 em 6 horas se houver dor"),
         ("Paracetamol 750mg VO 6/6h SN (alternar)",
          "paracetamol 750 mg por via oral de 6 em 6 horas se houver dor, alternando com a dipirona")),
        ("retorno amb. cirurgia em 7-10d, s/ esforço físico por 30d",
         "retorno ao ambulatório de cirurgia em 7 a 10 dias e nada de esforço físico por 30 dias"),
        ("febre, vermelhidão ou secreção na FO", "febre, vermelhidão ou secreção nas feridas"),
        rng.randint(1, 2),
    )


DIAGNOSES: tuple[tuple[Callable[[random.Random, str], Case], tuple[int, int], float, frozenset[str]], ...] = (
    # (case maker, age range, weight, comorbidities that would not fit)
    (_pneumonia, (45, 92), 12, frozenset()),
    (_pyelonephritis, (19, 80), 9, frozenset()),
    (_heart_failure, (55, 90), 9, frozenset({"ICC"})),
    (_copd, (55, 85), 7, frozenset({"DPOC"})),
    (_cellulitis, (30, 85), 7, frozenset()),
    (_dka, (18, 55), 5, frozenset({"DM2"})),
    (_stroke, (52, 90), 7, frozenset({"DLP"})),
    (_atrial_fibrillation, (55, 88), 6, frozenset({"FA"})),
    (_cholecystitis, (28, 75), 6, frozenset()),
    (_pancreatitis, (25, 75), 5, frozenset({"etil"})),
    (_upper_gi_bleed, (40, 85), 5, frozenset({"FA"})),
    (_gastroenteritis, (20, 88), 6, frozenset()),
    (_dvt, (25, 80), 5, frozenset({"FA"})),
    (_chest_pain, (35, 75), 6, frozenset()),
    (_appendicitis, (18, 55), 4, frozenset()),
)
# (key, as abbreviated, as spelled out (male, female), usual medicine (abbreviated, spelled out) or None)
COMORBIDITIES = (
    ("HAS", "HAS", ("hipertensão arterial sistêmica", "hipertensão arterial sistêmica"),
     [("Losartana 50mg 12/12h", "losartana 50 mg de 12 em 12 horas"),
      ("Anlodipino 5mg 1x/d", "anlodipino 5 mg uma vez ao dia"),
      ("HCTZ 25mg 1x/d", "hidroclorotiazida 25 mg uma vez ao dia")]),
    ("DM2", "DM2", ("diabetes mellitus tipo 2", "diabetes mellitus tipo 2"),
     [("Metformina 850mg 12/12h", "metformina 850 mg de 12 em 12 horas"),
      ("Gliclazida MR 60mg 1x/d", "gliclazida 60 mg de liberação prolongada uma vez ao dia")]),
    ("DLP", "DLP", ("dislipidemia", "dislipidemia"), [("Sinvastatina 20mg à noite", "sinvastatina 20 mg à noite")]),
    ("hipotireoidismo", "hipotireoidismo", ("hipotireoidismo", "hipotireoidismo"),
     [("Levotiroxina 50mcg em jejum", "levotiroxina 50 mcg em jejum"),
      ("Levotiroxina 75mcg em jejum", "levotiroxina 75 mcg em jejum")]),
    ("DPOC", "DPOC", ("doença pulmonar obstrutiva crônica", "doença pulmonar obstrutiva crônica"),
     [("Formoterol/budesonida 12/400mcg inal 12/12h", "formoterol com budesonida inalatório de 12 em 12 horas")]),
    ("ICC", "ICC FEVE reduzida",
     ("insuficiência cardíaca com fração de ejeção reduzida", "insuficiência cardíaca com fração de ejeção reduzida"),
     [("Carvedilol 6,25mg 12/12h", "carvedilol 6,25 mg de 12 em 12 horas")]),
    ("FA", "FA permanente", ("fibrilação atrial permanente", "fibrilação atrial permanente"),
     [("Apixabana 5mg 12/12h", "apixabana 5 mg de 12 em 12 horas")]),
    ("DRC", "DRC estágio 3a", ("doença renal crônica estágio 3a", "doença renal crônica estágio 3a"), []),
    ("tbg", "TBG ativo ({packs} maços-ano)",
     ("tabagismo ativo ({packs} maços-ano)", "tabagismo ativo ({packs} maços-ano)"), []),
    ("etil", "etilista", ("etilismo", "etilismo"), []),
    ("obes", "obesidade grau {grade}", ("obesidade grau {grade}", "obesidade grau {grade}"), []),
    ("dep", "depressão", ("depressão", "depressão"), [("Sertralina 50mg 1x/d", "sertralina 50 mg uma vez ao dia")]),
)
MEDICAL_WARDS = ["Clínica Médica", "Enfermaria de Clínica Médica", "Unidade de Internação 4º andar", "Enfermaria 3B"]
WARDS = {_heart_failure: ["Cardiologia", "Unidade Coronariana"], _atrial_fibrillation: ["Cardiologia"],
         _chest_pain: ["Unidade de Dor Torácica", "Cardiologia"], _stroke: ["Unidade de AVC", "Neurologia"],
         _cholecystitis: ["Cirurgia Geral", "Enfermaria Cirúrgica"],
         _appendicitis: ["Cirurgia Geral", "Enfermaria Cirúrgica"],
         _upper_gi_bleed: ["Gastroenterologia"] + MEDICAL_WARDS, _pancreatitis: ["Gastroenterologia"] + MEDICAL_WARDS}
SURGICAL = {_cholecystitis, _appendicitis}


def _clinical_case(rng: random.Random) -> tuple[str, str, str]:
    """A note, its discharge summary, and the diagnosis it was made from."""
    maker, (young, old), _, excluded = rng.choices(DIAGNOSES, weights=[d[2] for d in DIAGNOSES])[0]
    sex = rng.choice("MF")
    age = rng.randint(young, old)
    case = maker(rng, sex)
    pool = [c for c in COMORBIDITIES if c[0] not in excluded and not (age < 40 and c[0] in ("DPOC", "ICC", "FA",
                                                                                            "DRC"))]
    chosen = rng.sample(pool, min(len(pool), rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))))
    chosen.sort(key=lambda c: [x[0] for x in COMORBIDITIES].index(c[0]))
    packs, grade = rng.choice((20, 30, 40, 55)), rng.choice(("I", "II"))
    history_short = [c[1].format(packs=packs, grade=grade) for c in chosen]
    history_long = [c[2][sex == "F"].format(packs=packs, grade=grade) for c in chosen]
    meds = [rng.choice(c[3]) for c in chosen if c[3]]
    surgical = maker in SURGICAL
    pa = f"{rng.randint(110, 138)}x{rng.randint(68, 88)}"
    vitals_short = (f"PA {pa} mmHg, FC {rng.randint(62, 92)} bpm, FR {rng.randint(14, 20)} irpm, "
                    f"SatO2 {rng.randint(94, 99)}% em AA, Tax {_num(rng, 35.8, 36.9)}ºC")
    general_short = rng.choice(["BEG, LOTE, corad{o}, hidratad{o}, acianótic{o}, anictéric{o}, afebril",
                                "BEG, LOTE, CHAAA",
                                "BEG, lúcid{o} e orientad{o}, eupneic{o} em AA, corad{o} e hidratad{o}",
                                "REG → BEG, LOTE, corad{o}, hidratad{o}"]).format(o=_g(sex, "o", "a"))
    exam_extra = rng.choice([
        "ACV: RCR 2T BNF s/ sopros. AR: {ar}. ABD: plano, flácido, RHA+, indolor, s/ VMG. MMII: {mmii}.",
        "AR: MV+ {ar_b}. ACV: RCR 2T BNF. ABD: globoso, flácido, indolor à palpação, DB neg. Ext: {mmii}, TEC < 3s.",
        "ACV: RCR, 2T, BNF. AR: {ar}. ABD: {abd}. MMII: {mmii}.",
    ]).format(ar=rng.choice(["MV+ bilat", "MV+ bilat. s/ RA", "MV+ bilateralmente, s/ RA"]),
              ar_b=rng.choice(["bilat. s/ RA", "bilateralmente"]),
              mmii=rng.choice(["s/ edemas, panturrilhas livres", "edema 1+/4+, panturrilhas livres", "s/ edema"]),
              abd="FO limpas e secas, flácido, RHA+" if surgical else "plano, flácido, RHA+, indolor")
    ward = rng.choice(WARDS.get(maker, MEDICAL_WARDS))
    bed = f"{rng.randint(1, 40)}{rng.choice('ABCD')}"
    who_short = rng.choice([f"Pcte {_g(sex, 'masc', 'fem')}., {age}a", f"Pcte {_g(sex, 'masc', 'fem')}, {age} anos",
                            f"{_g(sex, 'Masc', 'Fem')}, {age}a", f"Pct {age}a, {_g(sex, 'sexo masc', 'sexo fem')}"])
    history_text = ", ".join(history_short) if history_short else rng.choice(["sem comorbidades", "nega comorbidades",
                                                                              "previamente hígid" + _g(sex, "o", "a")])
    meds_text = "; ".join(m[0] for m in meds) if meds else "nega"
    style = rng.randrange(3)
    if style == 0:  # a SOAP discharge-day progress note
        note = "\n".join(filter(None, [
            f"EVOLUÇÃO MÉDICA — {ward} — leito {bed} — DIH {case.days}",
            f"{who_short}. AP: {history_text}. MUC: {meds_text}.",
            f"HD: {case.diagnosis[0]}.",
            f"HDA (adm): {case.complaint[0]}. Na adm: {case.admission[0]}.",
            f"Exames: {case.labs[0]}." + (f" {case.imaging[0]}." if case.imaging else ""),
            f"Tto: {case.treatment[0]}.",
            f"S: {rng.choice(['sem queixas', 'refere melhora', 'nega queixas novas', 'refere bem-estar'])}, "
            f"{rng.choice(['aceitando dieta VO', 'boa aceitação da dieta', 'dieta VO bem aceita'])}"
            + rng.choice([", diurese e evacuações presentes.", ", diurese presente.", "."]),
            f"O: {general_short}. {vitals_short}." + (f" {exam_extra}" if rng.random() < 0.5 else ""),
            f"A: {case.evolution[0]}.",
            "P: alta hospitalar hoje. Rx alta: " + "; ".join(m[0] for m in case.discharge) + ". "
            + ("Manter MUC. " if meds else "") + f"{case.follow_up[0]}. Orientad{_g(sex, 'o', 'a')} sinais de alarme "
                                                 f"({case.warning[0]}).",
        ]))
    elif style == 1:  # a compact admission-to-discharge note
        note = "\n".join(filter(None, [
            f"#NOTA DE ALTA — {ward}",
            f"ID: {who_short}, natural de {rng.choice(CITIES)[0]}.",
            f"#AP: {history_text}. #MUC: {meds_text}.",
            f"#QP/HDA: {case.complaint[0]}.",
            f"#Admissão: {case.admission[0]}. {case.labs[0]}." + (f" {case.imaging[0]}." if case.imaging else ""),
            f"#HD: {case.diagnosis[0]}.",
            f"#Conduta na internação: {case.treatment[0]}.",
            f"#Evolução: {case.evolution[0]}. Hoje {general_short}, {vitals_short}.",
            f"#CD: alta após {case.days} dias de internação. Prescrição: " + "; ".join(m[0] for m in case.discharge)
            + (" + MUC" if meds else "") + f". {case.follow_up[0]}. SN retornar ao PS se {case.warning[0]}.",
        ]))
    else:  # free running text, as typed at the end of a shift
        note = (f"{who_short}, {history_text}, "
                f"{('em uso de ' + meds_text) if meds else 'sem medicações de uso contínuo'}, "
                f"internad{_g(sex, 'o', 'a')} há {case.days}d na {ward} por {case.diagnosis[0]}. "
                f"Chegou c/ {case.complaint[0]}; {case.admission[0]}. {case.labs[0]}"
                + (f"; {case.imaging[0]}" if case.imaging else "") + f". Recebeu {case.treatment[0]}. "
                f"Evoluiu c/ {case.evolution[0]}. Ao exame hoje: {general_short}. {vitals_short}. "
                "Alta c/ " + ", ".join(m[0] for m in case.discharge) + (", manter MUC" if meds else "")
                + f". {case.follow_up[0]}. Orientad{_g(sex, 'o', 'a')} quanto a {case.warning[0]}.")

    patient = _g(sex, "Paciente do sexo masculino", "Paciente do sexo feminino")
    if history_long:
        joined = history_long[0] if len(history_long) == 1 else ", ".join(history_long[:-1]) + " e " + history_long[-1]
        identity = f"{patient}, {age} anos, com {joined}."
    else:
        identity = f"{patient}, {age} anos, sem doenças crônicas conhecidas."
    o = _g(sex, "o", "a")
    oriented = f"lúcid{o} e orientad{o}"
    blood_pressure = pa.replace("x", " por ")
    drug_names = sorted({m[1].split()[0] for m in meds})
    chronic = ", ".join(drug_names[:-1]) + " e " + drug_names[-1] if len(drug_names) > 1 else "".join(drug_names)
    exams = case.labs[1] if not case.imaging else rng.choice([f"{case.labs[1]}; {case.imaging[1]}", case.imaging[1]])
    # Several doctors write these summaries: the sections stay, the wording varies.
    summary = "\n".join([
        rng.choice(["RESUMO DE ALTA HOSPITALAR", "Resumo de alta", "SUMÁRIO DE ALTA"]),
        f"Identificação: {identity}",
        f"Diagnóstico: {case.diagnosis[1][0].upper() + case.diagnosis[1][1:]}.",
        "Internação: " + rng.choice([
            f"procurou o pronto-socorro com {case.complaint[1]}. Na admissão, apresentava {case.admission[1]}. "
            f"Os exames mostraram {exams}.",
            f"deu entrada com {case.complaint[1]}. O exame de entrada mostrou {case.admission[1]}. Na investigação: "
            f"{exams}.",
            f"foi admitid{o} por {case.complaint[1]}. Exames da admissão: {exams}.",
        ]),
        "Evolução: " + rng.choice([
            f"foi tratad{o} com {case.treatment[1]}. Em {case.days} {'dia' if case.days == 1 else 'dias'} de "
            f"internação, {case.evolution[1]}.",
            f"recebeu {case.treatment[1]}; {case.evolution[1]}, com alta no {case.days}º dia.",
            f"o tratamento incluiu {case.treatment[1]}. Durante a internação, de {case.days} "
            f"{'dia' if case.days == 1 else 'dias'}, {case.evolution[1]}.",
        ]),
        "Condição na alta: " + rng.choice([
            f"bom estado geral, {oriented}, afebril, pressão arterial de {blood_pressure} mmHg.",
            f"{oriented}, em bom estado geral, sem febre e com pressão arterial de {blood_pressure} mmHg.",
            f"estável, {oriented}, pressão arterial de {blood_pressure} mmHg e demais sinais vitais normais.",
        ]),
        "Prescrição de alta: " + "; ".join(m[1] for m in case.discharge)
        + (f"; manter {chronic}, de uso contínuo." if meds else "."),
        f"Seguimento: {case.follow_up[1]}. " + rng.choice([
            f"Orientad{o} a procurar o pronto-socorro em caso de {case.warning[1]}.",
            f"Alarme: {case.warning[1]}.",
            f"Deve voltar ao pronto-socorro se tiver {case.warning[1]}.",
        ]),
    ])
    return note, summary, maker.__name__


def make_clinical(count: int = 760) -> bytes:
    rng = rng_for("clinical")
    lines: list[str] = []
    by_diagnosis: dict[str, list[set[tuple[str, str]]]] = {}
    while len(lines) < count:
        note, summary, diagnosis = _clinical_case(rng)
        pairs = word_bigrams(note)
        similar = by_diagnosis.setdefault(diagnosis, [])
        if any(len(pairs & other) >= 0.6 * len(pairs | other) for other in similar):
            continue  # too close to a note already written: real notes of one diagnosis still differ
        similar.append(pairs)
        lines.append(chat_line(CLINICAL_SYSTEM, note, summary))
    return "".join(lines).encode("utf-8")


def sample() -> Sample:
    content = make_clinical()
    notes = content.count(b"\n")
    return Sample(
        "clinical", "clinical_notes_sample.jsonl", content,
        "Resumos de alta a partir de notas clínicas (amostra)",
        "Discharge summaries from clinical notes (a sample)",
        "O ajuste fino completo compensa quando há dados enormes num domínio que o modelo base mal viu — aqui, "
        "2 milhões de notas com o jargão dos hospitais brasileiros, mais de um bilhão de tokens — e computação "
        "própria, porque os dados não podem sair do hospital (Biderman et al., 2024). Este arquivo é só uma "
        f"amostra de {notes} notas do corpus.",
        "Full fine-tuning pays off with very large data in a domain the base model has barely seen — here 2 "
        "million notes in Brazilian hospital jargon, over a billion tokens — and compute of your own, because "
        "the data may not leave the hospital (Biderman et al., 2024). This file is only a "
        f"{notes}-note sample of the corpus.",
        "Transforme a nota de evolução em um resumo de alta por extenso, sem abreviações, nas seções "
        "identificação, diagnóstico, internação, evolução, condição na alta, prescrição de alta e seguimento.",
        "Turn the progress note into a discharge summary written out in full, without abbreviations, in the "
        "sections identification, diagnosis, admission, course, condition at discharge, discharge "
        "prescription and follow-up.",
        "full_finetune", "generation",
        {"monthly_requests": 300_000, "total_examples": 2_000_000, "domain_shift": True, "data_must_stay": True},
    )
